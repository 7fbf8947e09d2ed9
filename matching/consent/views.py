"""Consent pages (/coordinator/…): sharing under 本人同意, erasure on withdrawal, and the agency view.

Who sees what is decided by tsunagu.permissions only; these pages change consent and show the result.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from matching.blueprint import bp
from matching.casework.forms import EraseForm, MeetingForm, ShareForm
from matching.casework.queries import area_agency_ids, area_case_counts, case_statuses
from matching.consent.services import erase_person, hold_support_meeting, share_with_consent
from matching.models import Person
from matching.permissions import can_change_consent, can_view_area_case_counts, can_view_person
from matching.persons.queries import agency_name, persons_for_listing
from matching.persons.views import audit, audit_listing, viewable_person
from matching.reporting.cells import suppress
from matching.suggestions.reasons import PLACEMENT_STATUS
from tsunagu.db import db
from tsunagu.models import Agency, Role, User
from tsunagu.permissions import can_match, can_use_agency_view, require


def _share_form() -> ShareForm:
    form = ShareForm()
    agencies = db.session.scalars(select(Agency).order_by(Agency.is_lead.desc(), Agency.name))
    form.agencies.choices = [SelectChoice(a.id, a.name) for a in agencies]
    return form


def _meeting_form() -> MeetingForm:
    form = MeetingForm(prefix="meeting")
    staff = db.session.scalars(
        select(User).where(User.role.in_((Role.COORDINATOR, Role.AGENCY)), User.active.is_(True)).order_by(User.id)
    )
    form.members.choices = [SelectChoice(u.id, u.display_name) for u in staff]
    return form


def _consent_page(person: Person, status: int = 200, **forms: object) -> tuple[str, int]:
    html = render_template(
        "matching/casework/consent.html",
        person=person,
        share_form=forms.get("share") or _share_form(),
        meeting_form=forms.get("meeting") or _meeting_form(),
        erase_form=forms.get("erase") or EraseForm(formdata=None),
        agency_name=agency_name(db.session, person.agency_id),
    )
    return html, status


@bp.route("/persons/<int:person_id>/consent")
@require(can_match)
def person_consent(person_id: int) -> tuple[str, int]:
    """The consent in force, its history, and the forms to share under 本人同意 or to erase on withdrawal."""
    person = viewable_person(person_id, can_change_consent)
    db.session.commit()
    return _consent_page(person)


@bp.post("/persons/<int:person_id>/consent")
@require(can_match)
def person_consent_share(person_id: int) -> Response | tuple[str, int]:
    """none → shared: record who, when and the consent form reference; the listed agencies see the case."""
    person = viewable_person(person_id, can_change_consent)
    form = _share_form()
    if not form.validate_on_submit():
        db.session.commit()
        return _consent_page(person, 400, share=form)
    chosen = list(db.session.scalars(select(Agency).where(Agency.id.in_(form.agencies.data or []))))
    consent = share_with_consent(
        db.session,
        person,
        chosen,
        current_user,
        form_reference=form.form_reference.data,
        meeting_name=form.meeting_name.data,
    )
    audit("person.consent", person, tier="shared", agency_ids=sorted(a.id for a in consent.agencies))
    db.session.commit()
    flash(_("本人同意を記録しました。共有先の機関がこのケースを見られます。"), "success")
    return redirect(url_for("matching.person_consent", person_id=person.id))


@bp.post("/persons/<int:person_id>/consent/meeting")
@require(can_match)
def person_consent_meeting(person_id: int) -> Response | tuple[str, int]:
    """支援会議 without 本人同意: from now on only the named members (and the owning coordinators) see the case."""
    person = viewable_person(person_id, can_change_consent)
    form = _meeting_form()
    if not form.validate_on_submit():
        db.session.commit()
        return _consent_page(person, 400, meeting=form)
    members = list(db.session.scalars(select(User).where(User.id.in_(form.members.data or []))))
    hold_support_meeting(db.session, person, members, current_user, meeting_name=form.meeting_name.data)
    audit("person.consent", person, tier="none", member_ids=sorted(m.id for m in members))
    db.session.commit()
    flash(_("支援会議の構成員を記録しました。構成員だけがこのケースを見られます。"), "success")
    return redirect(url_for("matching.person_consent", person_id=person.id))


@bp.post("/persons/<int:person_id>/erase")
@require(can_match)
def person_erase(person_id: int) -> Response | tuple[str, int]:
    """同意の撤回・削除の申し出: erase the personal fields at once; the audit log keeps the fact, not the data."""
    person = viewable_person(person_id, can_change_consent)
    form = EraseForm()
    if not form.validate_on_submit() or form.confirm.data.strip() != (person.code_name or ""):
        form.confirm.errors = [*form.confirm.errors, _("呼び名が一致しません。")]
        db.session.commit()
        return _consent_page(person, 400, erase=form)
    erasure = erase_person(db.session, person, current_user)
    audit(
        "person.erase",
        person,
        placements_kept=erasure.placements_kept,
        placements_closed=erasure.placements_closed,
        custom_menus_renamed=erasure.custom_menus_renamed,
    )
    db.session.commit()
    flash(_("個人に関する情報を消去しました。件数だけが集計に残ります。"), "success")
    return redirect(url_for("matching.agency_view"))


@bp.route("/agency")
@require(can_use_agency_view)
def agency_view() -> str:
    """かしまるシェア-like: status and counts of every case the user's agency may see under consent —
    the lead agency the cases shared with it, partners their own plus shared ones; nothing of the others."""
    persons = [p for p in persons_for_listing(db.session) if can_view_person(current_user, p)]
    rows = case_statuses(db.session, persons)
    audit_listing(persons)
    db.session.commit()
    totals: dict[str, int] = {}
    for row in rows:
        key = str(row.latest.status) if row.latest else "none"
        totals[key] = totals.get(key, 0) + 1
    area_counts = None
    if can_view_area_case_counts(current_user):
        # most of the area's cases belong to other agencies: cells of 1–2 are suppressed
        counts = area_case_counts(db.session, area_agency_ids(db.session, current_user.agency))
        area_counts = {key: suppress(n) for key, n in counts.items()}
    return render_template(
        "matching/casework/agency.html",
        rows=rows,
        totals=totals,
        area_counts=area_counts,
        status_labels=PLACEMENT_STATUS,
        agency_name=agency_name(db.session, current_user.agency_id),
    )
