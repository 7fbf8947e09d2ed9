"""Casework of the demo town: placements at every stage, 定着 follow-ups, unmet needs, host development,
and change requests waiting for review.

Dates count back from today, so a follow-up shown as overdue stays overdue and the next one due stays
upcoming whenever the demo is loaded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from devtools.demo.catalog import Catalog
from devtools.demo.people import GROUP_ORGANIZATION, LEAD_AGENCY, People
from devtools.demo.town import Town, near, point_ewkt
from directory.models import ChangeKind, ChangeRequest, EntryStatus, Service, Visibility
from matching.casework.services import follow_up_due
from matching.models import (
    DevelopmentCase,
    DevelopmentStep,
    EndReason,
    FollowUp,
    FollowUpMilestone,
    FollowUpOutcome,
    HostCheckIn,
    HostContact,
    HostProspect,
    Person,
    PersonStatus,
    Placement,
    PlacementEvent,
    PlacementStatus,
    ProspectStatus,
    UnmetNeed,
)

S = PlacementStatus


@dataclass(frozen=True)
class Plan:
    """One placement's story: where to, through which stages, how it ended, which follow-ups slipped."""

    person: str
    kind: str
    """Kind of activity, or "custom" for the person's own custom menu."""
    path: tuple[PlacementStatus, ...]
    days_ago: int
    """When it was proposed; each later stage follows 5–12 days after the one before."""
    end: EndReason | None = None
    ended_ago: int | None = None
    """Days ago a placement that had started ended (after its follow-ups ran)."""
    overdue: tuple[FollowUpMilestone, ...] = ()
    concern: tuple[FollowUpMilestone, ...] = ()


PLANS = (
    Plan("Aさん", "custom", (S.PROPOSED, S.VISIT, S.TRIAL, S.STARTED), 130, concern=(FollowUpMilestone.MONTH_3,)),
    Plan("Bさん", "custom", (S.PROPOSED, S.VISIT, S.TRIAL, S.STARTED), 40),
    Plan("Cさん", "custom", (S.PROPOSED, S.VISIT, S.STARTED), 60, overdue=(FollowUpMilestone.MONTH_1,)),
    Plan("Dさん", "custom", (S.PROPOSED, S.STARTED), 215),
    Plan("Eさん", "salon", (S.PROPOSED,), 5),
    Plan("Fさん", "kodomo_shokudo", (S.PROPOSED, S.VISIT), 12),
    Plan("Gさん", "study_support", (S.PROPOSED, S.VISIT, S.TRIAL), 25),
    Plan("Hさん", "kodomo_shokudo", (S.PROPOSED, S.VISIT, S.TRIAL, S.STARTED, S.ENDED), 280, EndReason.GOAL_MET, 30),
    Plan("Iさん", "salon", (S.PROPOSED, S.ENDED), 70, EndReason.DECLINED),
    Plan("Jさん", "ibasho", (S.PROPOSED, S.VISIT, S.TRIAL, S.ENDED), 90, EndReason.NOT_A_FIT),
    Plan("Kさん", "volunteers_wanted", (S.PROPOSED, S.VISIT, S.STARTED), 75),
    Plan("Lさん", "salon", (S.PROPOSED, S.VISIT, S.STARTED, S.ENDED), 140, EndReason.MOVED, 30),
    Plan("Mさん", "consultation", (S.PROPOSED, S.VISIT), 8),
    Plan("Oさん", "work_experience", (S.PROPOSED, S.VISIT, S.TRIAL, S.ENDED), 50, EndReason.HOST_CAPACITY),
    Plan("Pさん", "work_experience", (S.PROPOSED, S.TRIAL, S.STARTED), 30, concern=(FollowUpMilestone.WEEK_1,)),
    Plan("Qさん", "salon", (S.PROPOSED, S.ENDED), 45, EndReason.NO_LONGER_INTERESTED),
    Plan(
        "Rさん",
        "salon",
        (S.PROPOSED, S.VISIT, S.TRIAL, S.STARTED, S.ENDED),
        170,
        EndReason.COULD_NOT_CONTACT,
        20,
        concern=(FollowUpMilestone.MONTH_1,),
    ),
    Plan("Tさん", "ibasho", (S.PROPOSED,), 2),
    Plan("Uさん", "kodomo_shokudo", (S.PROPOSED, S.VISIT, S.TRIAL), 20),
    Plan("Wさん", "ibasho", (S.PROPOSED, S.VISIT, S.TRIAL, S.STARTED), 70, overdue=(FollowUpMilestone.MONTH_1,)),
    Plan("Xさん", "salon", (S.PROPOSED, S.VISIT, S.STARTED, S.ENDED), 110, EndReason.OTHER, 15),
)
STEP_NOTES = {
    S.PROPOSED: "マッチング結果から提案。本人は「行ってみてもいい」。",
    S.VISIT: "コーディネーターが同行して見学。",
    S.TRIAL: "体験参加。終わったあと本人から「また来たい」と話があった。",
    S.STARTED: "定期的な参加を開始。",
}
END_NOTES = {
    EndReason.GOAL_MET: "自分で通えるようになり、目標を達成したため終結。",
    EndReason.DECLINED: "本人が提案を辞退。もう少し近い場所を希望。",
    EndReason.NOT_A_FIT: "人数が多く落ち着かないとのことで終了。少人数の場を探す。",
    EndReason.MOVED: "市外へ転居のため終了。転居先の社協に引き継ぎ。",
    EndReason.HOST_CAPACITY: "受け入れ先の人手が足りず、体験の継続が難しくなった。",
    EndReason.NO_LONGER_INTERESTED: "本人の関心が変わったため終了。",
    EndReason.COULD_NOT_CONTACT: "3回連絡したがつながらず、いったん終了。",
    EndReason.OTHER: "入院のため一時終了。退院後に再調整する。",
}
FOLLOW_UP_NOTES = {
    FollowUpOutcome.GOING_WELL: (
        "毎回参加できている。受け入れ先からも「助かっている」との声。",
        "表情が明るくなった。",
    ),
    FollowUpOutcome.CONCERN: ("休みが続いている。体調面を確認する。", "他の参加者との距離感に悩んでいる様子。"),
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


class CaseworkBuilder:
    """Builds placements and the rest against today's date, drawing from one seeded generator."""

    def __init__(self, session: Session, rng: random.Random, catalog: Catalog, people: People, now: datetime):
        self.session, self.rng, self.catalog, self.people, self.now = session, rng, catalog, people, now
        self.today = now.date()

    def service_for(self, person: Person, kind: str) -> Service:
        """The person's custom menu, or an open public entry of the kind they could join, near home if any."""
        if kind == "custom":
            return self.catalog.custom_menus[person.code_name or ""]
        age = self.today.year - (person.birth_year or self.today.year)
        # A coordinator would never propose a 中学生 study group to a 17-year-old or 男の料理 to a woman.
        candidates = [
            s
            for s in self.catalog.by_kind(kind)
            if s.openings != 0 and not s.eligibilities and (s.minimum_age or 0) <= age <= (s.maximum_age or 200)
        ]
        nearby = [s for s in candidates if s.at_locations[0].location.district == person.home_district]
        return self.rng.choice(nearby or candidates)

    def placement(self, plan: Plan) -> Placement:
        """A placement with one event per stage change and, once started, its follow-ups."""
        person = self.people.persons[plan.person]
        proposed = self.now - timedelta(days=plan.days_ago, hours=self.rng.randint(0, 8))
        placement = Placement(
            person=person,
            service=self.service_for(person, plan.kind),
            coordinator_id=person.coordinator_id,
            proposed_at=proposed,
            match_score=round(self.rng.uniform(0.55, 0.95), 3),
            match_model_version="demo-1",
            accompanied_visit=S.VISIT in plan.path,
        )
        previous: PlacementStatus | None = None
        at = proposed
        for status in plan.path:
            if status == S.ENDED and plan.ended_ago is not None:
                at = self.now - timedelta(days=plan.ended_ago)
            elif status != S.PROPOSED:
                at += timedelta(days=self.rng.randint(5, 12))
            note = END_NOTES[plan.end] if status == S.ENDED and plan.end else STEP_NOTES[status]
            placement.events.append(
                PlacementEvent(actor_id=person.coordinator_id, at=at, from_status=previous, to_status=status, note=note)
            )
            if status == S.STARTED:
                placement.started_on = at.date()
            if status == S.ENDED:
                placement.ended_at, placement.end_reason, placement.end_note = at, plan.end, note
            previous = status
        placement.status = plan.path[-1]
        if placement.started_on is not None:
            placement.host_support_notes = self.rng.choice(
                (
                    "初回は作業を一つに絞り、休憩できる場所を用意してもらう。声かけは担当者一人に固定。",
                    "大きな音が苦手なため、作業場所を奥の部屋にしてもらった。",
                    "送迎の時間を本人と受け入れ先で共有。欠席の連絡はコーディネーター経由。",
                )
            )
            self.follow_ups(placement, plan, placement.started_on)
        if plan.end == EndReason.GOAL_MET:
            person.status = PersonStatus.CLOSED
        self.session.add(placement)
        return placement

    def follow_ups(self, placement: Placement, plan: Plan, started: date) -> None:
        """定着支援 milestones from the start date; past ones done unless the plan says they slipped."""
        ended = placement.ended_at.date() if placement.ended_at else None
        for milestone in FollowUpMilestone:
            due = follow_up_due(started, milestone)
            follow_up = FollowUp(milestone=milestone, due_on=due)
            placement.follow_ups.append(follow_up)
            if ended is not None and due > ended and plan.end != EndReason.GOAL_MET:
                # no longer going: cancelled with the reason, kept (a goal met goes on being followed up)
                follow_up.cancelled_at, follow_up.cancel_reason = placement.ended_at, f"ended:{plan.end}"
                continue
            if due <= self.today and milestone not in plan.overdue:
                outcome = FollowUpOutcome.CONCERN if milestone in plan.concern else FollowUpOutcome.GOING_WELL
                done = min(due + timedelta(days=self.rng.randint(0, 4)), self.today)
                follow_up.done_at, follow_up.outcome = _at(done, 16), outcome
                follow_up.note = self.rng.choice(FOLLOW_UP_NOTES[outcome])
                follow_up.recorded_by_id = placement.coordinator_id
                if outcome == FollowUpOutcome.CONCERN and done < self.today - timedelta(days=30):
                    follow_up.handled_at = _at(done + timedelta(days=7), 16)  # long since dealt with

    def check_ins(self, placements: list[Placement]) -> None:
        """受け入れ先の支援: dated check-ins with the hosts of running placements."""
        for placement in [p for p in placements if p.status == S.STARTED][:3]:
            started = placement.started_on or self.today
            for fortnights, (going, worry, adjustment) in enumerate(
                (
                    (
                        "作業にも慣れてきて、自分から声をかける場面も出てきた。",
                        "暑い日の体調が心配。",
                        "休憩を30分ごとに取る。",
                    ),
                    ("常連の参加者と話すようになった。", None, "担当を同じスタッフに固定する。"),
                ),
                start=1,
            ):
                day = started + timedelta(weeks=2 * fortnights)
                if day <= self.today:
                    placement.check_ins.append(
                        HostCheckIn(
                            at=_at(day, 14),
                            recorded_by_id=placement.coordinator_id,
                            how_it_goes=going,
                            worries=worry,
                            adjustments=adjustment,
                            host_contact_person=f"{placement.service.organization.name}の担当者",
                        )
                    )


def load_casework(
    session: Session, rng: random.Random, town: Town, catalog: Catalog, people: People, now: datetime
) -> dict[str, int]:
    """Placements, follow-ups, check-ins, unmet needs, host prospects, a development case, change requests."""
    work = CaseworkBuilder(session, rng, catalog, people, now)
    placements = [work.placement(plan) for plan in PLANS]
    work.check_ins(placements)
    needs = _unmet_needs(session, rng, town, people, now)
    prospects = _prospects(session, rng, town, catalog, people, now)
    _development(session, people, needs, prospects, now)
    _change_requests(session, catalog, people, now)
    return {"placements": len(placements), "unmet needs": len(needs), "host prospects": len(prospects)}


UNMET = (
    ("Tさん", "平日の夜に行ける若者向けの居場所", ("ibasho",), "東原地区", ("schedule", "distance"), "20代"),
    ("Mさん", "ベトナム語で相談できる窓口（土日）", ("consultation",), "南が丘地区", ("language", "schedule"), "30代"),
    ("Yさん", "車いすで参加できる就労体験", ("work_experience",), "緑町地区", ("accessibility", "distance"), "40代"),
    (None, "男性が一人で参加しやすい趣味の集まり", ("ibasho", "salon"), "西台地区", ("distance",), "70代"),
    ("ケース028", "夜間に通える就労体験", ("work_experience",), "東原地区", ("schedule",), "20代"),
)


def _unmet_needs(session: Session, rng: random.Random, town: Town, people: People, now: datetime) -> list[UnmetNeed]:
    """繋ぐ先がない: searches that found nothing, kept as anonymous snapshots for 社会資源の開発."""
    needs = []
    for n, (code, sought, kinds, district_name, failed, age_band) in enumerate(UNMET):
        person = people.persons[code] if code else None
        district = town.district(district_name)
        need = UnmetNeed(
            person_id=person.id if person else None,
            agency_id=person.agency_id if person else people.agencies[LEAD_AGENCY].id,
            recorded_by_id=person.coordinator_id if person else people.users["coordinator@example.jp"].id,
            recorded_at=now - timedelta(days=60 - 10 * n),
            sought=sought,
            kinds=list(kinds),
            district=district_name,
            junior_high_district=district.spec.junior_high,
            point=point_ewkt(*near(*district.centroid, rng, 300)),
            failed_constraints=list(failed),
            profile={"age_band": age_band, "kinds": list(kinds), "languages": person.languages if person else ["ja"]},
        )
        session.add(need)
        needs.append(need)
    return needs


def _prospects(
    session: Session, rng: random.Random, town: Town, catalog: Catalog, people: People, now: datetime
) -> list[HostProspect]:
    """受け入れ候補 at three stages of being approached, each with a contact history."""
    lead, coordinator = people.agencies[LEAD_AGENCY], people.users["coordinator@example.jp"]
    rows: tuple[tuple[Any, ...], ...] = (
        (
            "東原自治会",
            "町内会",
            ProspectStatus.APPROACHING,
            "公民館の和室を平日夜に使ってよい",
            "鍵の管理を社協が行うこと",
            [{"day": "wed", "start": "18:00", "end": "21:00"}],
            8,
            "東原地区",
            ("会長に趣旨を説明。役員会で諮ってくれることに。", "役員会で前向きな意見。夜間の鍵の扱いが課題。"),
        ),
        (
            "石井自動車整備工場",
            "企業",
            ProspectStatus.CANDIDATE,
            "若者の職場体験（洗車、部品の片付け）",
            None,
            [],
            1,
            "東原地区",
            ("商工会の紹介で知る。まだ連絡していない。",),
        ),
        (
            "喫茶 こもれび",
            "商店",
            ProspectStatus.WILLING,
            "閉店後の18時～21時に店内を居場所として開放できる",
            "片付けまでスタッフ1名が同席すること",
            [{"day": "fri", "start": "18:00", "end": "21:00"}],
            6,
            "本町地区",
            (
                "店主に相談。「若い人の役に立てるなら」と快諾。",
                "開放日の試行について打ち合わせ。",
                "保険の加入を確認。",
            ),
        ),
    )
    prospects = []
    for name, kind, status, offer, conditions, days, places, district_name, notes in rows:
        organization = catalog.organizations.get(name)
        prospect = HostProspect(
            name=name,
            kind=kind,
            organization_id=organization.id if organization else None,
            agency_id=lead.id,
            coordinator_id=coordinator.id,
            status=status,
            offer=offer,
            conditions=conditions,
            days=days,
            places=places,
            district=district_name,
            support_needed="初回はコーディネーターが同席する",
            point=point_ewkt(*near(*town.district(district_name).centroid, rng, 300)),
        )
        for n, note in enumerate(notes):
            prospect.contacts.append(HostContact(at=now - timedelta(days=50 - 14 * n), by_id=coordinator.id, note=note))
        session.add(prospect)
        prospects.append(prospect)
    return prospects


def _development(
    session: Session, people: People, needs: list[UnmetNeed], prospects: list[HostProspect], now: datetime
) -> None:
    """社会資源の開発: the evening youth space the 東原地区 unmet needs call for."""
    case = DevelopmentCase(
        title="東原地区に若者の夜の居場所をつくる",
        gap="東原地区には平日夜に若者が過ごせる場所がなく、2件の「繋ぐ先がない」が記録されている。",
        kind="ibasho",
        district="東原地区",
        agency_id=people.agencies[LEAD_AGENCY].id,
        opened_by_id=people.users["coordinator@example.jp"].id,
        opened_at=now - timedelta(days=40),
        prospects=[prospects[0], prospects[2]],
        unmet_needs=[n for n in needs if n.district == "東原地区"],
    )
    today = now.date()
    for description, offset, done in (
        ("東原自治会の会長に趣旨を説明する", -35, True),
        ("公民館の夜間利用について市と調整する", -10, True),
        ("若者サポートつなぐにスタッフの派遣を相談する", 14, False),
        ("月1回の試行開催を始める", 45, False),
    ):
        due = today + timedelta(days=offset)
        case.steps.append(DevelopmentStep(description=description, due_on=due, done_at=_at(due) if done else None))
    session.add(case)


def _change_requests(session: Session, catalog: Catalog, people: People, now: datetime) -> None:
    """Two edits waiting in the review queue: a resident's correction and a group's own update."""
    salon = catalog.by_kind("salon")[0]
    session.add(
        ChangeRequest(
            kind=ChangeKind.CORRECTION,
            service_id=salon.id,
            organization_id=salon.organization_id,
            submitter_contact="resident@example.jp",
            before={"schedule": salon.schedules[0].description},
            after={"schedule": "毎月第3木曜日 10時～12時"},
            message="会場の掲示に、開催日が木曜日に変わったと書いてありました。",
            created_at=now - timedelta(days=3),
        )
    )
    group_user = people.users["group@example.jp"]
    own = next(
        s
        for s in catalog.services
        if s.organization.name == GROUP_ORGANIZATION
        and s.status == EntryStatus.PUBLISHED
        and s.visibility == Visibility.PUBLIC
    )
    session.add(
        ChangeRequest(
            kind=ChangeKind.EDIT,
            service_id=own.id,
            organization_id=own.organization_id,
            submitted_by_id=group_user.id,
            before={"description": own.description, "openings": own.openings},
            after={"description": f"{own.description}夏休み期間は昼食も提供します。", "openings": 5},
            message="夏休みの昼食について追記しました。",
            created_at=now - timedelta(days=1),
        )
    )
