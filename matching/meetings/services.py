"""Writes of meeting records; flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.casework.services import CaseworkError
from matching.models import Meeting, MeetingKind, Person
from matching.permissions import can_discuss_case
from tsunagu.models import Agency, User


@dataclass(frozen=True)
class MeetingInput:
    """What a meeting form gives: the kind, date, title, people and agencies, cases, decisions, next review."""

    kind: MeetingKind
    held_on: date
    title: str
    member_ids: list[int]
    agency_ids: list[int]
    person_ids: list[int]
    decisions: str | None
    next_review_on: date | None


def save_meeting(session: Session, actor: User, data: MeetingInput, meeting: Meeting | None = None) -> Meeting:
    """Create (or update) a meeting record. The author is always a member; a 支援会議 names its members (they
    are the ones bound by 守秘義務); only cases the author may discuss go on the agenda (a 重層的支援会議 needs
    the person's 本人同意)."""
    if meeting is None and actor.agency_id is None:
        raise CaseworkError("no_agency")  # the convening agency keeps the record
    members = list(session.scalars(select(User).where(User.id.in_(data.member_ids))))
    if all(m.id != actor.id for m in members):
        members.append(actor)
    persons = list(session.scalars(select(Person).where(Person.id.in_(data.person_ids))))
    if any(not can_discuss_case(actor, data.kind, p) for p in persons):
        raise CaseworkError("case_not_allowed")
    if data.next_review_on is not None and data.next_review_on < data.held_on:
        raise CaseworkError("review_before_meeting")
    agencies = list(session.scalars(select(Agency).where(Agency.id.in_(data.agency_ids))))
    if meeting is None:
        meeting = Meeting(agency_id=actor.agency_id, created_by_id=actor.id)
        session.add(meeting)
    meeting.kind, meeting.held_on, meeting.title = data.kind, data.held_on, data.title.strip()
    meeting.decisions, meeting.next_review_on = (data.decisions or "").strip() or None, data.next_review_on
    meeting.members, meeting.agencies, meeting.cases = members, agencies, persons
    session.flush()
    return meeting
