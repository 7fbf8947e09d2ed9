"""The admin area's routes: every views module of admin, on the admin blueprint (registered by the app factory)."""

from __future__ import annotations

from flask import Flask

from admin import areas, audit, imports, labels, locations, reports, review, stale, translations, views
from admin.accounts import views as account_views
from admin.archive import views as archive_views
from admin.blueprint import bp
from admin.duplicates import views as duplicate_views
from admin.taxonomy import views as taxonomy_views

VIEW_MODULES = (
    views,
    review,
    stale,
    labels,
    locations,
    areas,
    imports,
    translations,
    reports,
    audit,
    account_views,
    archive_views,
    duplicate_views,
    taxonomy_views,
)
"""Imported for their routes on `bp`; listed so that the import is the registration, not a side effect."""


def register_blueprints(app: Flask) -> None:
    """The admin area under /admin."""
    app.register_blueprint(bp, url_prefix="/admin")
