"""The catalog's Flask blueprint for its pages; its view modules are listed in directory.routes.

Kept apart from the views so that the pure sub-packages (directory.schedules) import without Flask.
"""

from flask import Blueprint

bp = Blueprint("directory", __name__)
