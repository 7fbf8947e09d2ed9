"""The catalog's routes: its page blueprint with every views module on it, and the open API (registered by the
app factory)."""

from __future__ import annotations

from flask import Flask

from directory import permissions
from directory.accounts import registration
from directory.api.views import api
from directory.blueprint import bp
from directory.catalog.name_readings import catalog_name_readings
from directory.contributions import views as contribution_views
from directory.map_pages import views as map_views
from directory.public import views as public_views
from directory.translations import views as translation_views
from directory.volunteers import review_views as volunteer_review_views
from i18n.readings import use_reading_source
from tsunagu.permissions import expose_to_templates

VIEW_MODULES = (
    public_views,
    map_views,
    registration,
    contribution_views,
    translation_views,
    volunteer_review_views,
)
"""Imported for their routes on `bp`; listed so that the import is the registration, not a side effect."""


def register_blueprints(app: Flask) -> None:
    """Public pages, group pages and the open read API (/api/v1)."""
    app.register_blueprint(bp)
    app.register_blueprint(api)
    expose_to_templates(app, permissions)
    use_reading_source(catalog_name_readings)  # furigana read group and activity names as their カナ says
