"""The host organisations of つなぐ市: who they are, where, and which sorts of activity they run."""

from __future__ import annotations

import random
from dataclasses import dataclass

from devtools.demo.kinds import BY_KEY, VARIANTS
from devtools.demo.town import DISTRICTS
from devtools.demo.words import GIVEN_NAMES, NICKNAMES, SURNAMES
from directory.catalog.taxonomy import KINDS
from directory.models import OrganizationKind

K = OrganizationKind
KIND_NAMES = {code: name for code, name, *_ in KINDS}
INCORPORATED = (K.NPO, K.SHAKYO, K.WELFARE, K.COMPANY, K.RELIGIOUS)
"""Bodies that have a 法人番号 (NPO法人, 社会福祉法人, 株式会社, 宗教法人…); 町内会 and individuals usually don't."""


@dataclass(frozen=True)
class OrgSpec:
    """An organisation of the demo town before it becomes a row."""

    name: str
    kind: OrganizationKind
    runs: tuple[str, ...]
    """Keys of the activity variants it runs (see kinds.VARIANTS)."""
    district: str | None
    """Short name of its home 地区."""
    local: bool = False
    """Runs activities only in its own 地区 (町内会, private homes)."""
    corporate_number: str | None = None
    phone: str | None = None
    website: bool = False
    kana: str | None = None
    description: str | None = None


def corporate_number_with_check_digit(twelve_digits: str) -> str:
    """A 13-digit 法人番号 from its 12-digit base: the leading check digit is 9 − (Σ digit × (1|2)) mod 9.

    Weights alternate 1, 2 from the last digit; e.g. 国税庁 is 7000012050002.
    """
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(twelve_digits), start=1))
    return str(9 - total % 9) + twelve_digits


FIXED: tuple[tuple[str, OrganizationKind, tuple[str, ...], str, str | None], ...] = (
    (
        "つなぐ市社会福祉協議会",
        K.SHAKYO,
        (
            "fureai_salon",
            "exercise_salon",
            "welfare_desk",
            "driver_volunteer",
            "visiting_volunteer",
            "community_cafe",
            "family_meeting",
        ),
        "本町",
        "つなぐししゃかいふくしきょうぎかい",
    ),
    ("つなぐ市役所", K.MUNICIPALITY, ("welfare_desk", "youth_desk", "foreign_desk"), "本町", "つなぐしやくしょ"),
    ("社会福祉法人 つなぐ福祉会", K.WELFARE, ("light_work", "care_work", "quiet_room", "cook_volunteer"), "緑町", None),
    ("特別養護老人ホーム みどりの郷", K.WELFARE, ("care_work", "song_salon", "visiting_volunteer"), "緑町", None),
    ("地域包括支援センター北", K.WELFARE, ("orange_cafe", "welfare_desk", "exercise_salon"), "北台", None),
    (
        "NPO法人 若者サポートつなぐ",
        K.NPO,
        ("youth_cafe", "youth_desk", "farm", "high_school_study", "quiet_room"),
        "駅前",
        None,
    ),
    (
        "つなぐ市国際交流協会",
        K.OTHER,
        ("foreign_desk", "japanese_study", "community_cafe", "tutor_volunteer"),
        "駅前",
        None,
    ),
    (
        "NPO法人 こども未来ネット",
        K.NPO,
        ("shokudo", "junior_study", "homework_club", "cook_volunteer", "tutor_volunteer"),
        "南が丘",
        None,
    ),
    ("NPO法人 フードバンクつなぐ", K.NPO, ("pantry_shokudo", "cook_volunteer"), "東原", None),
    ("正覚寺", K.RELIGIOUS, ("temple_shokudo", "temple_work", "shogi"), "西台", "しょうかくじ"),
    ("北台八幡神社", K.RELIGIOUS, ("park_volunteer", "community_cafe"), "北台", "きただいはちまんじんじゃ"),
    ("つなぐ聖愛教会", K.RELIGIOUS, ("shokudo", "japanese_study", "homework_club"), "川辺", None),
    ("喫茶 こもれび", K.COMPANY, ("cafe_work", "community_cafe"), "本町", "きっさこもれび"),
    ("みどりファーム", K.COMPANY, ("farm",), "東原", None),
    ("佐々木農園", K.COMPANY, ("farm",), "川辺", "ささきのうえん"),
    ("パン工房 むぎのいえ", K.COMPANY, ("cafe_work",), "駅前", None),
    ("株式会社 つなぐリサイクル", K.COMPANY, ("light_work",), "東原", None),
    ("駅前商店会", K.OTHER, ("park_volunteer", "community_cafe"), "駅前", None),
    ("公益社団法人 つなぐ市シルバー人材センター", K.OTHER, ("driver_volunteer", "light_work", "crafts"), "北台", None),
    ("学生団体 まなびサークル", K.OTHER, ("junior_study", "tutor_volunteer"), "南が丘", None),
    ("うたごえの会", K.OTHER, ("song_salon",), "西台", None),
    ("男の料理クラブ つなぐ", K.OTHER, ("mens_cooking",), "本町", None),
    ("つなぐ市老人クラブ連合会", K.OTHER, ("fureai_salon", "shogi", "exercise_salon"), "南が丘", None),
    ("認定NPO法人 ひきこもり家族会つなぐ", K.NPO, ("family_meeting", "quiet_room", "youth_cafe"), "緑町", None),
    ("つなぐ手芸の会", K.OTHER, ("crafts",), "川辺", None),
)
NEIGHBOURHOOD_RUNS = ("fureai_salon", "community_cafe", "park_volunteer", "shokudo")
HOME_RUNS = ("community_cafe", "fureai_salon", "shokudo", "junior_study", "crafts", "shogi")
"""What people open in their own homes: 地域の茶の間, サロン, a small 食堂, a study corner."""
SPECIALIST = {"temple_shokudo", "temple_work", "care_work", "foreign_desk", "orange_cafe", "mens_cooking", "youth_desk"}
"""Variants only a particular kind of host runs; generated NPOs never get them."""
GENERATED_FORMS = (
    "NPO法人 {nick}の会",
    "{nick}ネットワーク",
    "市民活動団体 {nick}",
    "一般社団法人 {nick}",
    "{nick}クラブ",
)
TOTAL = 60


def _description(name: str, district: str | None, runs: tuple[str, ...]) -> str:
    kinds = "・".join(dict.fromkeys(KIND_NAMES[BY_KEY[key].kind] for key in runs))
    where = f"{district}地区を拠点に" if district else "市内全域で"
    return f"{where}、{kinds}の活動をしています。"


def _phone(rng: random.Random) -> str:
    return f"04-7{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}"


def demo_organizations(rng: random.Random) -> list[OrgSpec]:
    """Sixty organisations: fixed ones, a 町内会 per 地区, ten private homes and generated groups."""
    rows: list[tuple[str, OrganizationKind, tuple[str, ...], str, str | None, bool]] = [
        (name, kind, runs, district, kana, False) for name, kind, runs, district, kana in FIXED
    ]
    for spec in DISTRICTS:
        suffix = "町内会" if spec.column % 2 == 0 else "自治会"
        rows.append(
            (
                f"{spec.towns[0] if spec.row else spec.short}{suffix}",
                K.NEIGHBOURHOOD,
                tuple(rng.sample(NEIGHBOURHOOD_RUNS, 2)),
                spec.short,
                None,
                True,
            )
        )
    for n in range(10):
        name = f"{SURNAMES[n]} {GIVEN_NAMES[n]}"
        rows.append((name, K.INDIVIDUAL, (HOME_RUNS[n % len(HOME_RUNS)],), DISTRICTS[n % 8].short, None, True))
    generic = [v.key for v in VARIANTS if v.key not in SPECIALIST]
    nicknames = rng.sample(NICKNAMES, TOTAL - len(rows))
    for nick in nicknames:
        name = rng.choice(GENERATED_FORMS).format(nick=nick)
        kind = K.NPO if "NPO" in name else K.OTHER
        rows.append(
            (name, kind, tuple(rng.sample(generic, rng.randint(2, 3))), rng.choice(DISTRICTS).short, None, False)
        )
    specs = []
    for name, kind, runs, district, kana, local in rows:
        incorporated = kind in INCORPORATED or name.startswith(("一般社団法人", "公益社団法人"))
        specs.append(
            OrgSpec(
                name=name,
                kind=kind,
                runs=runs,
                district=district,
                local=local,
                corporate_number=corporate_number_with_check_digit(f"{rng.randint(1, 10**12 - 1):012d}")
                if incorporated
                else None,
                phone=_phone(rng) if kind != K.INDIVIDUAL or rng.random() < 0.5 else None,
                website=kind not in (K.INDIVIDUAL, K.NEIGHBOURHOOD) and rng.random() < 0.7,
                kana=kana,
                description=_description(name, None if kind in (K.SHAKYO, K.MUNICIPALITY) else district, runs),
            )
        )
    return specs
