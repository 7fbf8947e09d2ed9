"""Whose cases a report counts and whether small cells are suppressed, per role (matching.permissions)."""

from __future__ import annotations

from matching.permissions import report_scope_for
from tests.factories import make_agency, make_user
from tsunagu.models import Role


def test_report_scope_per_role(db_session):
    own, lead = make_agency(db_session), make_agency(db_session, is_lead=True)
    admin = make_user(db_session, Role.ADMIN)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=own)
    lead_staff = make_user(db_session, Role.AGENCY, agency=lead)
    partner_staff = make_user(db_session, Role.AGENCY, agency=own)
    scopes = {
        "admin": report_scope_for(admin),
        "coordinator": report_scope_for(coordinator),
        "lead": report_scope_for(lead_staff),
        "partner": report_scope_for(partner_staff),
    }
    # admins and the owning agency see exact counts; the lead agency sees the whole town, suppressed
    assert (scopes["admin"].agency_ids, scopes["admin"].shared) == (None, False)
    assert (scopes["coordinator"].agency_ids, scopes["coordinator"].shared) == (frozenset({own.id}), False)
    assert (scopes["partner"].agency_ids, scopes["partner"].shared) == (frozenset({own.id}), False)
    assert (scopes["lead"].agency_ids, scopes["lead"].shared) == (None, True)
