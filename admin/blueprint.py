"""The admin area's Flask blueprint (/admin/…); its view modules are listed in admin.routes."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
