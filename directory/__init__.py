"""The catalog: organisations, services, locations, schedules, taxonomy, public pages, API, imports."""

from flask import Blueprint

bp = Blueprint("directory", __name__)
