"""Two 年度 of casework behind the demo town's current cases, so the reports show a town in its third year:
about a hundred and fifty earlier persons with placements that drop off the way they do (some decline, some
never go, some stop after a visit, most who start are still going at three months), 1-month follow-ups
mostly recorded, cases closed with an evaluation, 支援プラン, 支援会議 and 重層的支援会議, and unmet needs spread
over the 中学校区 (a few without one, as when a need is recorded by phone).

Placements are told as `Plan`s and built by the same code as the current cases (devtools.demo.casework).
"""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from devtools.demo.casework import CaseworkBuilder, Plan
from devtools.demo.catalog import Catalog
from devtools.demo.people import ARCHETYPES, LEAD_AGENCY, People, demo_person
from devtools.demo.town import Town, near, point_ewkt
from matching.models import (
    CaseClosure,
    ClosureEvaluation,
    EndReason,
    FollowUpMilestone,
    Meeting,
    MeetingKind,
    Person,
    PersonStatus,
    PlacementStatus,
    SupportPlan,
    UnmetNeed,
)

S = PlacementStatus
HISTORY_PERSONS = 150
HISTORY_DAYS = 600
"""Proposals spread over the last 600 days: the whole previous 年度 and the current one so far."""
KINDS = ("ibasho", "salon", "kodomo_shokudo", "study_support", "volunteers_wanted", "work_experience")
CLOSURES = {
    EndReason.GOAL_MET: ClosureEvaluation.GOAL_MET,
    EndReason.MOVED: ClosureEvaluation.MOVED,
    EndReason.NO_LONGER_INTERESTED: ClosureEvaluation.OWN_WISH,
    EndReason.COULD_NOT_CONTACT: ClosureEvaluation.NO_CONTACT,
}
UNMET_SOUGHT = (
    ("平日の夜に行ける若者向けの居場所", ("ibasho",), ("schedule",)),
    ("歩いて行ける高齢者のサロン", ("salon",), ("distance",)),
    ("ポルトガル語で参加できる学習支援", ("study_support",), ("language",)),
    ("車いすで参加できる就労体験", ("work_experience",), ("accessibility", "distance")),
    ("無料で通える子どもの居場所（土日）", ("kodomo_shokudo", "ibasho"), ("cost", "schedule")),
    ("男性が一人で参加しやすい趣味の集まり", ("salon",), ("distance",)),
)


def _story(rng: random.Random, days_ago: int) -> tuple[tuple[PlacementStatus, ...], EndReason | None, int | None]:
    """Where a proposal went: (path, end reason, days ago it ended when it had started)."""
    roll = rng.random()
    if roll < 0.08:
        return (S.PROPOSED, S.ENDED), EndReason.DECLINED, None
    if roll < 0.24:
        if days_ago < 30:
            return (S.PROPOSED,), None, None
        return (S.PROPOSED, S.ENDED), rng.choice((EndReason.NO_LONGER_INTERESTED, EndReason.COULD_NOT_CONTACT)), None
    if roll < 0.36:
        return (S.PROPOSED, S.VISIT, S.ENDED), EndReason.NOT_A_FIT, None
    path = (S.PROPOSED, S.VISIT, S.TRIAL, S.STARTED) if rng.random() < 0.6 else (S.PROPOSED, S.VISIT, S.STARTED)
    start_ago = days_ago - 12 * (len(path) - 1)  # at the latest (each step takes 5–12 days)
    roll = rng.random()
    if roll < 0.14 and start_ago > 40:  # stopped in the first months
        reason = rng.choice((EndReason.NOT_A_FIT, EndReason.NO_LONGER_INTERESTED, EndReason.COULD_NOT_CONTACT))
        return (*path, S.ENDED), reason, max(start_ago - rng.randint(20, 80), 1)
    if roll < 0.34 and start_ago > 20:  # ended later: goal met, a move, or it ran its course
        reason = rng.choice((EndReason.GOAL_MET, EndReason.GOAL_MET, EndReason.MOVED, EndReason.NO_LONGER_INTERESTED))
        return (*path, S.ENDED), reason, rng.randint(1, start_ago - 10)
    return path, None, None  # still going


def _persons(rng: random.Random, town: Town, people: People, now: datetime) -> list[Person]:
    lead, youth_npo = people.agencies[LEAD_AGENCY], people.agencies["NPO法人 若者サポートつなぐ"]
    staff, staff2 = people.users["coordinator@example.jp"], people.users["coordinator2@example.jp"]
    persons = []
    keys = sorted(ARCHETYPES)
    for n in range(HISTORY_PERSONS):
        key = rng.choice(keys)
        owner, coordinator = (youth_npo, staff2) if key == "youth" and n % 3 == 0 else (lead, staff)
        code = f"ケース{101 + n:03d}"
        person = demo_person(rng, code, ARCHETYPES[key], owner, coordinator, town, now)
        people.persons[code] = person
        persons.append(person)
    return persons


def load_history(
    session: Session, rng: random.Random, town: Town, catalog: Catalog, people: People, now: datetime
) -> dict[str, int]:
    """The earlier casework: persons, placements, closures, plans, meetings and unmet needs."""
    persons = _persons(rng, town, people, now)
    session.add_all(persons)
    session.flush()
    work = CaseworkBuilder(session, rng, catalog, people, now)
    placements = []
    for person in persons:
        days_ago = rng.randint(3, HISTORY_DAYS)
        person.created_at = now - timedelta(days=days_ago + rng.randint(5, 40))
        path, end, ended_ago = _story(rng, days_ago)
        started = S.STARTED in path
        slipped = rng.random() < 0.05
        plan = Plan(
            person.code_name or "",
            "",
            path,
            days_ago,
            end,
            ended_ago,
            overdue=(FollowUpMilestone.MONTH_1,) if started and slipped else (),
            concern=(FollowUpMilestone.MONTH_3,) if started and rng.random() < 0.1 else (),
        )
        for kind in rng.sample(person.kinds or list(KINDS), len(person.kinds or KINDS)) + list(KINDS):
            try:
                placements.append(work.placement(dataclasses.replace(plan, kind=kind)))
                break
            except IndexError:  # no open entry of that kind fits the person's age
                continue
        if end in CLOSURES and (end == EndReason.GOAL_MET or rng.random() < 0.5):
            closed_at = placements[-1].ended_at or now
            person.status = PersonStatus.CLOSED
            session.add(
                CaseClosure(
                    person_id=person.id,
                    closed_on=closed_at.date(),
                    evaluation=CLOSURES[end],
                    note="支援会議で終結を確認。" if end == EndReason.GOAL_MET else None,
                    closed_by_id=person.coordinator_id,
                )
            )
        if rng.random() < 0.4:
            session.add(
                SupportPlan(
                    person_id=person.id,
                    goals=rng.choice(
                        ("週1回、家の外で過ごす時間をつくる", "地域に顔見知りを増やす", "働く練習を始める")
                    ),
                    steps=["見学に同行する", "体験に参加する", "1か月後に本人と振り返る"],
                    responsible_agency_id=person.agency_id,
                    review_on=(now + timedelta(days=rng.randint(-60, 90))).date(),
                    written_by_id=person.coordinator_id,
                    written_at=person.created_at,
                )
            )
    needs = _unmet_needs(session, rng, town, people, now)
    meetings = _meetings(session, rng, people, persons, now)
    return {"earlier placements": len(placements), "earlier unmet needs": needs, "meetings": meetings}


def _unmet_needs(session: Session, rng: random.Random, town: Town, people: People, now: datetime) -> int:
    lead, coordinator = people.agencies[LEAD_AGENCY], people.users["coordinator@example.jp"]
    count = 48
    for n in range(count):
        district = rng.choice(town.districts)
        sought, kinds, failed = rng.choice(UNMET_SOUGHT)
        located = n % 10 != 0  # one in ten recorded without a place (a phone call, an anonymous request)
        session.add(
            UnmetNeed(
                agency_id=lead.id,
                recorded_by_id=coordinator.id,
                recorded_at=now - timedelta(days=rng.randint(1, HISTORY_DAYS)),
                sought=sought,
                kinds=list(kinds),
                district=district.spec.name if located else None,
                junior_high_district=district.spec.junior_high if located else None,
                point=point_ewkt(*near(*district.centroid, rng, 300)) if located else None,
                failed_constraints=list(failed),
                profile={"age_band": rng.choice(("10代", "20代", "40代", "70代")), "kinds": list(kinds)},
            )
        )
    return count


def _meetings(session: Session, rng: random.Random, people: People, persons: list[Person], now: datetime) -> int:
    """A 支援会議 and a 重層的支援会議 every two months, each discussing a handful of cases."""
    lead = people.agencies[LEAD_AGENCY]
    members = [people.users[e] for e in ("coordinator@example.jp", "agency@example.jp", "partner@example.jp")]
    partners = [a for name, a in people.agencies.items() if name != LEAD_AGENCY]
    count = 0
    for months_ago in range(0, 20, 2):
        held = (now - timedelta(days=30 * months_ago + 3)).date()
        for kind, title in (
            (MeetingKind.SUPPORT, "支援会議（定例）"),
            (MeetingKind.MULTI_AGENCY, "重層的支援会議（定例）"),
        ):
            meeting = Meeting(
                agency_id=lead.id,
                kind=kind,
                held_on=held,
                title=title,
                decisions="見学に同行し、1か月後に振り返る。受け入れ先には配慮事項を共有する。",
                next_review_on=held + timedelta(days=60),
                created_by_id=members[0].id,
                members=members if kind == MeetingKind.SUPPORT else members[:2],
                agencies=[lead, *partners[:2]] if kind == MeetingKind.MULTI_AGENCY else [lead],
                cases=rng.sample(persons, 4),
            )
            session.add(meeting)
            count += 1
    return count
