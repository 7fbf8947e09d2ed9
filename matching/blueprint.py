"""The coordinator area's Flask blueprint (/coordinator/…), apart so matching.engine imports without Flask."""

from flask import Blueprint

bp = Blueprint("matching", __name__)
