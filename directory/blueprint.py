"""The catalog's Flask blueprint (public pages), kept apart so the pure subpackages import without Flask."""

from flask import Blueprint

bp = Blueprint("directory", __name__)
