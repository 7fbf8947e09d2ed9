"""The routes of matching and casework: every views module, on the blueprints of matching.blueprint
(registered by the app factory)."""

from __future__ import annotations

from flask import Flask

from directory.permissions import set_one_person_arrangement_check
from matching import permissions
from matching.api import tokens as token_views
from matching.api import views as match_api_views
from matching.blueprint import bp, host_bp, match_api, volunteer_bp
from matching.casework import views as casework_views
from matching.consent import views as consent_views
from matching.development import views as development_views
from matching.hosts import views as host_views
from matching.households import views as household_views
from matching.meetings import views as meeting_views
from matching.menus import views as menu_views
from matching.persons import views as person_views
from matching.plans import views as plan_views
from matching.suggestions import views as suggestion_views
from matching.suggestions.features import register as register_match_features
from matching.volunteers import views as volunteer_views
from tsunagu.permissions import expose_to_templates

VIEW_MODULES = (
    person_views,
    household_views,
    suggestion_views,
    casework_views,
    plan_views,
    meeting_views,
    consent_views,
    development_views,
    host_views,
    menu_views,
    token_views,
    match_api_views,
    volunteer_views,
)
"""Imported for their routes; listed so that the import is the registration, not a side effect."""


def register_blueprints(app: Flask) -> None:
    """The coordinator area (/coordinator), the volunteer's pages (/volunteer), the host's page and POST
    /api/v1/match."""
    app.register_blueprint(bp, url_prefix="/coordinator")
    app.register_blueprint(volunteer_bp)
    app.register_blueprint(host_bp)
    app.register_blueprint(match_api)
    expose_to_templates(app, permissions)
    # a custom menu's host group must not treat it as its own listing (the catalog cannot know casework)
    set_one_person_arrangement_check(permissions.is_custom_menu_service)
    # the fast match path's feature rows follow every catalog write (the catalog cannot import matching)
    register_match_features()
