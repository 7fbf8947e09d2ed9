"""Who works and who is supported in the demo town: agencies, sign-in accounts, volunteers and persons.

Persons are pseudonymous (Aさん, ケース027…) with coarse home points, as the real thing must be; each
one follows an archetype coordinators meet every week, so matching has realistic profiles to work on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from devtools.demo.town import MUNICIPALITY_CODE, Town, near, point_ewkt
from devtools.demo.words import DAYS, INTERESTS, SKILLS, SLOTS, VOLUNTEER_NAMES
from directory.models import Service, Space, Threshold, Volunteer, VolunteerInterest, VolunteerStatus
from matching.models import (
    Consent,
    ConsentTier,
    GenderComfort,
    Household,
    HouseholdMember,
    Mobility,
    Person,
    PersonStatus,
)
from tsunagu.auth.services import create_user
from tsunagu.demo_deployment import PUBLISHED_DEMO_PASSWORD
from tsunagu.models import Agency, Role, User

DEMO_PASSWORD = PUBLISHED_DEMO_PASSWORD
LEAD_AGENCY = "つなぐ市社会福祉協議会"
AGENCIES = (
    (LEAD_AGENCY, "shakyo", True),
    ("つなぐ市役所 福祉総合相談課", "municipality", False),
    ("地域包括支援センター北", "comprehensive_care_center", False),
    ("NPO法人 若者サポートつなぐ", "npo", False),
    ("つなぐ市国際交流協会", "international_association", False),
)
GROUP_ORGANIZATION = "NPO法人 こども未来ネット"
SKILL_LANGUAGES = {"英語を教える": "en", "ポルトガル語": "pt-BR", "ベトナム語": "vi"}

DEMO_LOGINS: list[tuple[str, Role, str]] = [
    ("admin@example.jp", Role.ADMIN, "システム管理者"),
    ("coordinator@example.jp", Role.COORDINATOR, "参加支援コーディネーター（つなぐ市社会福祉協議会）"),
    ("coordinator2@example.jp", Role.COORDINATOR, "コーディネーター（NPO法人 若者サポートつなぐ）"),
    ("agency@example.jp", Role.AGENCY, "多機関協働事業者（社協、lead agency）"),
    ("partner@example.jp", Role.AGENCY, "連携機関の職員（つなぐ市役所 福祉総合相談課）"),
    ("group@example.jp", Role.GROUP, f"登録団体（{GROUP_ORGANIZATION}の活動を更新する）"),
    ("volunteer@example.jp", Role.VOLUNTEER, f"ボランティア（「{VOLUNTEER_NAMES[0]}」として登録・承認済み）"),
]
"""Every demo account (e-mail, role, who) — all share DEMO_PASSWORD."""
_ACCOUNTS = {  # e-mail → (display name, agency)
    "admin@example.jp": ("管理者 つなぐ", None),
    "coordinator@example.jp": ("佐藤 美咲", LEAD_AGENCY),
    "coordinator2@example.jp": ("高橋 健太", "NPO法人 若者サポートつなぐ"),
    "agency@example.jp": ("田中 由美", LEAD_AGENCY),
    "partner@example.jp": ("鈴木 大輔", "つなぐ市役所 福祉総合相談課"),
    "group@example.jp": ("伊藤 さおり", None),
    "volunteer@example.jp": (VOLUNTEER_NAMES[0], None),  # a volunteer is known by the code name only
}


@dataclass
class People:
    """The demo's agencies, accounts and persons, by the names the casework refers to."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    """By e-mail."""
    persons: dict[str, Person] = field(default_factory=dict)
    """By code name (the erased person is kept under the code name it had)."""


def load_staff(session: Session, organization_ids: dict[str, int]) -> People:
    """Agencies and one account per role (argon2-hashed DEMO_PASSWORD)."""
    people = People()
    for name, kind, lead in AGENCIES:
        people.agencies[name] = Agency(name=name, kind=kind, is_lead=lead, municipality_code=MUNICIPALITY_CODE)
        session.add(people.agencies[name])
    session.flush()
    for email, role, _description in DEMO_LOGINS:
        display_name, agency = _ACCOUNTS[email]
        people.users[email] = create_user(
            session,
            email=email,
            password=DEMO_PASSWORD,
            display_name=display_name,
            role=role,
            agency=people.agencies[agency] if agency else None,
            organization_id=organization_ids[GROUP_ORGANIZATION] if role == Role.GROUP else None,
        )
    return people


def _slots(rng: random.Random, count: int) -> list[dict[str, str]]:
    days = sorted(rng.sample(DAYS, count), key=DAYS.index)
    return [dict(zip(("day", "start", "end"), (day, *rng.choice(SLOTS)), strict=True)) for day in days]


def load_volunteers(
    session: Session, rng: random.Random, town: Town, people: People, now: datetime, wanted: list[Service]
) -> int:
    """Forty volunteers under flower and bird pseudonyms, most active, some with 興味あり on ボランティア募集."""
    reviewer = people.users["coordinator@example.jp"]
    volunteers = []
    for n, code_name in enumerate(VOLUNTEER_NAMES, start=1):
        district = rng.choice(town.districts)
        status = VolunteerStatus.ACTIVE
        if n % 10 == 3:
            status = VolunteerStatus.PENDING  # signed up, waiting for a coordinator's review
        elif n % 20 == 7:
            status = VolunteerStatus.INACTIVE
        skills = rng.sample(SKILLS, rng.randint(2, 3))
        interests = rng.sample(INTERESTS, rng.randint(2, 3))
        languages = ["ja", *(lang for skill, lang in SKILL_LANGUAGES.items() if skill in skills)]
        volunteer = Volunteer(
            code_name=code_name,
            birth_year=now.year - rng.randint(18, 80),
            skills=skills,
            interests=interests,
            languages=languages,
            availability=_slots(rng, rng.randint(1, 3)),
            district=district.spec.name,
            home_point=point_ewkt(*near(*district.centroid, rng, 500)),
            max_distance_km=rng.choice((1.0, 2.0, 3.0, 5.0)),
            bio=f"{skills[0]}が得意です。{interests[0]}に関わる活動に参加したいと思っています。",
            contact_email="volunteer@example.jp" if n == 1 else f"volunteer{n:02d}@example.jp",
            user_id=people.users["volunteer@example.jp"].id if n == 1 else None,  # the demo login's profile
            contact_phone=f"090-0000-{n:04d}" if rng.random() < 0.5 else None,
            status=status,
            reviewed_by_id=None if status == VolunteerStatus.PENDING else reviewer.id,
        )
        session.add(volunteer)
        volunteers.append(volunteer)
    session.flush()
    for volunteer in rng.sample([v for v in volunteers if v.status == VolunteerStatus.ACTIVE], 12):
        for service in rng.sample(wanted, rng.randint(1, 2)):
            session.add(VolunteerInterest(volunteer_id=volunteer.id, service_id=service.id))
    return len(volunteers)


@dataclass(frozen=True)
class Archetype:
    """A kind of person coordinators meet often, with the words their records use."""

    ages: tuple[int, int]
    interests: tuple[str, ...]
    strengths: tuple[str, ...]
    wants: tuple[str, ...]
    kinds: tuple[str, ...]
    mobility: tuple[Mobility, ...]
    space: Space | None = None
    threshold: Threshold | None = None
    languages: tuple[tuple[str, ...], ...] = (("ja",),)
    max_cost: tuple[int | None, ...] = (None, 300, 500)
    gender: GenderComfort = GenderComfort.ANY
    family: bool = False


ARCHETYPES = {
    "youth": Archetype(
        (18, 39),
        ("ゲーム", "パソコン", "音楽", "動物", "鉄道", "映画", "絵を描くこと"),
        ("パソコンに詳しい", "コツコツ続けられる", "絵が上手", "約束の時間を守る"),
        ("人の少ない場所で体を動かしてみたい", "短い時間から働く練習をしたい", "同年代と話せる場所に行ってみたい"),
        ("ibasho", "work_experience"),
        (Mobility.BICYCLE, Mobility.WALK, Mobility.PUBLIC_TRANSPORT),
        Space.PROTECTED,
        Threshold.RESERVATION,
        max_cost=(0, 300),
    ),
    "retired_man": Archetype(
        (65, 78),
        ("将棋", "畑", "散歩", "釣り", "園芸", "スポーツ観戦"),
        ("大工仕事が得意", "車の運転ができる", "元営業で話し上手", "将棋は三段の腕前"),
        ("仲間と何かをしたい", "仕事の経験を地域で活かしたい"),
        ("salon", "volunteers_wanted", "ibasho"),
        (Mobility.WALK, Mobility.BICYCLE, Mobility.CAR),
        Space.OPEN,
        Threshold.DROP_IN,
        gender=GenderComfort.MEN_ONLY,
    ),
    "older_woman": Archetype(
        (75, 80),
        ("手芸", "カラオケ", "園芸", "料理"),
        ("編み物が得意", "聞き上手", "料理のレパートリーが多い"),
        ("歩いて行ける場所でおしゃべりしたい", "歌を歌う集まりに行きたい"),
        ("salon",),
        (Mobility.ESCORTED, Mobility.WALK),
        Space.OPEN,
        max_cost=(100, 300),
    ),
    "foreign_parent": Archetype(
        (28, 45),
        ("料理", "子ども", "音楽"),
        ("通訳ができる", "料理が得意", "明るく人と話せる"),
        ("子どもと一緒に行ける場所を知りたい", "日本語を練習したい"),
        ("kodomo_shokudo", "consultation", "study_support"),
        (Mobility.BICYCLE, Mobility.CAR),
        languages=(("pt-BR", "ja-x-easy"), ("vi", "ja-x-easy"), ("tl", "en"), ("zh-Hans",)),
        max_cost=(0, 300),
        family=True,
    ),
    "student": Archetype(
        (16, 18),
        ("ゲーム", "スポーツ観戦", "音楽", "絵を描くこと"),
        ("数学が得意", "年下の子の面倒見がよい"),
        ("勉強を見てもらいたい", "放課後に過ごせる場所がほしい"),
        ("study_support", "ibasho"),
        (Mobility.BICYCLE, Mobility.WALK),
        threshold=Threshold.DROP_IN,
        max_cost=(0,),
    ),
    "single_parent": Archetype(
        (30, 45),
        ("料理", "読書", "散歩"),
        ("段取りがよい", "子育ての経験"),
        ("子どもと夕ごはんを食べられる場所", "同じ立場の人と話したい"),
        ("kodomo_shokudo", "ibasho"),
        (Mobility.BICYCLE, Mobility.WALK),
        max_cost=(0, 300),
        family=True,
    ),
    "disability": Archetype(
        (20, 50),
        ("写真", "鉄道", "パソコン", "掃除"),
        ("丁寧な作業ができる", "決まった手順を守れる"),
        ("自分のペースで働ける場所がほしい",),
        ("work_experience",),
        (Mobility.ESCORTED, Mobility.PUBLIC_TRANSPORT),
        Space.PROTECTED,
        Threshold.RESERVATION,
    ),
    "parent_8050": Archetype(
        (78, 80),
        ("園芸", "散歩"),
        ("地域の事情に詳しい",),
        ("息子のことを相談できる場所がほしい",),
        ("consultation", "salon"),
        (Mobility.WALK,),
        max_cost=(300,),
    ),
}
CASES = (
    "youth",
    "youth",
    "disability",
    "retired_man",
    "older_woman",
    "foreign_parent",
    "student",
    "single_parent",
    "parent_8050",
    "youth",
    "retired_man",
    "older_woman",
    "foreign_parent",
    "student",
    "youth",
    "disability",
    "retired_man",
    "older_woman",
    "single_parent",
    "youth",
    "foreign_parent",
    "retired_man",
    "youth",
    "older_woman",
    "disability",
    "student",
    "single_parent",
    "youth",
    "retired_man",
    "foreign_parent",
)
"""Archetype of each case in order: Aさん … Zさん, then ケース027 … ケース030."""
HOUSEHOLDS = (
    ("H-001", ("Fさん", "Gさん")),
    ("H-002", ("Iさん", "Jさん")),
    ("H-003", ("Hさん", "Zさん", "Wさん")),
    ("H-004", ("Mさん", "Nさん")),
    ("H-005", ("Uさん",)),
)
LIGHT_MEMBERS = {
    "H-005": (("長女", 13), ("長男", 10)),
}
"""Children recorded on the household only (no case record of their own): label and age."""
PORTUGUESE_MOTHER = "Uさん"
"""A Portuguese-speaking mother of two, the family the household pages are shown with."""
CASE_NOTES = (
    "初回面談は自宅で実施。",
    "電話よりメールの方が連絡がつきやすい。",
    "午前中は体調がすぐれないことが多い。",
    "面談には家族の同席を希望。",
    "人の多い場所では緊張しやすい。",
    "急な予定変更が苦手。前日に確認の連絡を入れる。",
)
"""What coordinators jot down that matching cannot use but the next meeting needs."""
ERASED = "ケース029"
WITHDRAWN_THEN_MEETING = "Kさん"
"""Withdrew 本人同意; the case goes on under a 支援会議 with named members only."""


def code_names() -> list[str]:
    """Aさん … Zさん, then ケース027 … ケース030."""
    return [f"{chr(ord('A') + n)}さん" if n < 26 else f"ケース{n + 1:03d}" for n in range(len(CASES))]


def demo_person(
    rng: random.Random, code: str, archetype: Archetype, agency: Agency, coordinator: User, town: Town, now: datetime
) -> Person:
    """One pseudonymous person of an archetype, living in a random 地区 of the town."""
    district = rng.choice(town.districts)
    interests = rng.sample(archetype.interests, rng.randint(2, min(4, len(archetype.interests))))
    mobility = rng.choice(archetype.mobility)
    reach = {
        Mobility.WALK: 1.5,
        Mobility.BICYCLE: 3.0,
        Mobility.PUBLIC_TRANSPORT: 5.0,
        Mobility.CAR: 8.0,
        Mobility.ESCORTED: 2.0,
    }
    return Person(
        code_name=code,
        agency_id=agency.id,
        coordinator_id=coordinator.id,
        birth_year=now.year - rng.randint(*archetype.ages),
        home_district=district.spec.name,
        home_junior_high_district=district.spec.junior_high,
        home_point=point_ewkt(*near(*district.centroid, rng, 500)),
        interests=interests,
        interests_text=f"{'、'.join(interests)}が好き。",
        strengths=rng.choice(archetype.strengths),
        wants_to_try=rng.choice(archetype.wants),
        available=_slots(rng, rng.randint(1, 3)),
        max_distance_km=reach[mobility],
        mobility=mobility,
        max_cost_yen=rng.choice(archetype.max_cost),
        languages=list(rng.choice(archetype.languages)),
        accessibility=["wheelchair"] if mobility == Mobility.ESCORTED and rng.random() < 0.5 else [],
        preferred_space=archetype.space,
        preferred_threshold=archetype.threshold,
        with_family=archetype.family or None,
        gender_comfort=archetype.gender if rng.random() < 0.5 else GenderComfort.ANY,
        kinds=list(rng.sample(archetype.kinds, rng.randint(1, len(archetype.kinds)))),
        notes=rng.choice(CASE_NOTES),
    )


def load_persons(session: Session, rng: random.Random, town: Town, people: People, now: datetime) -> None:
    """Thirty pseudonymous persons with households and consents of both tiers, one erased."""
    lead, youth_npo = people.agencies[LEAD_AGENCY], people.agencies["NPO法人 若者サポートつなぐ"]
    staff, staff2 = people.users["coordinator@example.jp"], people.users["coordinator2@example.jp"]
    for n, (code, key) in enumerate(zip(code_names(), CASES, strict=True)):
        # The youth NPO owns a share of the young people's cases; 社協 owns the rest.
        owner, coordinator = (youth_npo, staff2) if key == "youth" and n % 2 else (lead, staff)
        people.persons[code] = demo_person(rng, code, ARCHETYPES[key], owner, coordinator, town, now)
        session.add(people.persons[code])
    persons = people.persons
    persons["Gさん"].birth_year = now.year - 16  # the youngest case and the oldest, so ages span 16–80
    persons["Iさん"].birth_year = now.year - 80
    for code, members in HOUSEHOLDS:
        household = Household(code=code, agency_id=lead.id, note="同一世帯として支援会議で共有")
        session.add(household)
        for member in members:
            persons[member].household = household
            persons[member].home_district = persons[members[0]].home_district
            persons[member].home_junior_high_district = persons[members[0]].home_junior_high_district
            persons[member].home_point = persons[members[0]].home_point
        _household_fields(household, [persons[m] for m in members], LIGHT_MEMBERS.get(code, ()), now)
    session.flush()
    _consents(session, people, now)
    _erase(persons[ERASED], now)


def _household_fields(
    household: Household, members: list[Person], children: tuple[tuple[str, int], ...], now: datetime
) -> None:
    """The family's shared fields (from its first member: where, when, how far; languages of all; the cost limit
    for everyone together) and its lighter members — children with an age, languages and their consent."""
    first = members[0]
    if first.code_name == PORTUGUESE_MOTHER:
        first.birth_year, first.languages, first.max_cost_yen = now.year - 38, ["pt-BR", "ja-x-easy"], 300
    household.home_district = first.home_district
    household.languages = list(dict.fromkeys(lang for m in members for lang in m.languages or []))
    household.available = list(first.available or [])
    household.max_distance_km = min(m.max_distance_km or 0 for m in members) or None
    household.max_cost_yen = (first.max_cost_yen or 0) * (len(members) + len(children))
    household.light_members = [
        HouseholdMember(
            label=label,
            birth_year=now.year - age,
            languages=["pt-BR", "ja"],
            consent_tier=ConsentTier.SHARED,
            consent_recorded_at=now - timedelta(days=30),
        )
        for label, age in children
    ]


def _consents(session: Session, people: People, now: datetime) -> None:
    """Mostly 本人同意 (shared), every fourth case a 支援会議 (named members), one case still without consent."""
    lead = people.agencies[LEAD_AGENCY]
    others = [a for a in people.agencies.values() if a is not lead]
    members = [people.users[e] for e in ("coordinator@example.jp", "partner@example.jp", "agency@example.jp")]
    for n, (code, person) in enumerate(people.persons.items()):
        if code == "ケース030":
            continue  # intake just done, consent not yet asked: only the owning agency sees the case
        recorded = now - timedelta(days=300 - 9 * n)
        if n % 4 == 3:
            consent = Consent(
                tier=ConsentTier.NONE,
                members=members,
                meeting_name=f"つなぐ市支援会議 第{n // 4 + 1}回",
                note="本人同意なし。社会福祉法106条の6の支援会議で共有（構成員は守秘義務あり）。",
            )
        else:
            shared = [lead, *others[n % len(others) : n % len(others) + 2]]
            consent = Consent(
                tier=ConsentTier.SHARED,
                agencies=list(dict.fromkeys(shared)),
                meeting_name="重層的支援会議",
                form_reference=f"同意書-{n + 1:04d}",
            )
        consent.person, consent.recorded_at = person, recorded
        consent.recorded_by_id = person.coordinator_id
        session.add(consent)
        if code in (ERASED, WITHDRAWN_THEN_MEETING):
            consent.withdrawn_at = now - timedelta(days=20)
            consent.note = "本人の申し出により同意を撤回。"
    later = Consent(
        person=people.persons[WITHDRAWN_THEN_MEETING],
        tier=ConsentTier.NONE,
        members=members,
        meeting_name="つなぐ市支援会議 臨時",
        recorded_at=now - timedelta(days=10),
        recorded_by_id=people.persons[WITHDRAWN_THEN_MEETING].coordinator_id,
        note="同意撤回後も支援が必要なため、支援会議の構成員に限って共有。",
    )
    session.add(later)


def _erase(person: Person, now: datetime) -> None:
    """What erasure leaves of a person after consent withdrawal: the row for counts, nothing personal."""
    person.status = PersonStatus.ERASED
    person.erased_at = now - timedelta(days=19)
    for attribute in (
        "code_name",
        "birth_year",
        "home_district",
        "home_point",
        "interests_text",
        "strengths",
        "wants_to_try",
        "max_distance_km",
        "mobility",
        "max_cost_yen",
        "preferred_space",
        "preferred_threshold",
        "with_family",
        "notes",
        "household",
    ):
        setattr(person, attribute, None)
    person.interests, person.available, person.languages, person.accessibility, person.kinds = [], [], [], [], []
