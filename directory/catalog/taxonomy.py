"""tsunagu's own taxonomy: kinds of activity and suitable-for tags, with labels in every UI language.

`ensure_taxonomy` runs at every `tsunagu init-db`: it adds what is missing and never removes what an admin
added, so it is safe to run again after an upgrade.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.models import Taxonomy, TaxonomyTerm, TaxonomyTermLabel

# code, ja name, icon, colour, labels {locale: label}
KINDS: list[tuple[str, str, str, str, dict[str, str]]] = [
    (
        "ibasho",
        "居場所",
        "home",
        "#b4432b",
        {
            "ja-x-easy": "いばしょ（だれでも いられる ところ）",
            "en": "Drop-in space (a place to be)",
            "pt-BR": "Espaço de convivência",
            "vi": "Nơi sinh hoạt cộng đồng",
            "zh-Hans": "社区活动空间",
            "ko": "쉼터·모임 공간",
            "tl": "Tambayan ng komunidad",
            "ne": "सामुदायिक बस्ने ठाउँ",
        },
    ),
    (
        "salon",
        "サロン",
        "coffee",
        "#8a5a00",
        {
            "ja-x-easy": "サロン（あつまって はなす かい）",
            "en": "Community salon",
            "pt-BR": "Salão comunitário (encontros)",
            "vi": "Buổi giao lưu cộng đồng",
            "zh-Hans": "社区沙龙",
            "ko": "동네 살롱",
            "tl": "Salon ng komunidad",
            "ne": "सामुदायिक भेटघाट",
        },
    ),
    (
        "work_experience",
        "就労体験",
        "briefcase",
        "#2f6b3a",
        {
            "ja-x-easy": "しごとの たいけん",
            "en": "Work experience",
            "pt-BR": "Experiência de trabalho",
            "vi": "Trải nghiệm làm việc",
            "zh-Hans": "就业体验",
            "ko": "취업 체험",
            "tl": "Karanasan sa trabaho",
            "ne": "कामको अनुभव",
        },
    ),
    (
        "kodomo_shokudo",
        "子ども食堂",
        "utensils",
        "#c0392b",
        {
            "ja-x-easy": "こども しょくどう（ごはんを たべる ところ）",
            "en": "Children's cafeteria (free or low-cost food)",
            "pt-BR": "Refeitório infantil (comida comunitária)",
            "vi": "Bếp ăn cho trẻ em (bữa cơm cộng đồng)",
            "zh-Hans": "儿童食堂（社区餐食）",
            "ko": "어린이 식당 (지역 식사)",
            "tl": "Kainan para sa mga bata (pagkain)",
            "ne": "बालबालिकाको भोजनालय (खाना)",
        },
    ),
    (
        "study_support",
        "学習支援",
        "book",
        "#1f5f8b",
        {
            "ja-x-easy": "べんきょうの てつだい",
            "en": "Study support",
            "pt-BR": "Apoio aos estudos",
            "vi": "Hỗ trợ học tập",
            "zh-Hans": "学习支援",
            "ko": "학습 지원",
            "tl": "Tulong sa pag-aaral",
            "ne": "पढाइ सहयोग",
        },
    ),
    (
        "volunteers_wanted",
        "ボランティア募集",
        "hands",
        "#6b3fa0",
        {
            "ja-x-easy": "ボランティアを さがしています",
            "en": "Volunteers wanted",
            "pt-BR": "Procura-se voluntários",
            "vi": "Tuyển tình nguyện viên",
            "zh-Hans": "招募志愿者",
            "ko": "자원봉사자 모집",
            "tl": "Naghahanap ng boluntaryo",
            "ne": "स्वयंसेवक चाहियो",
        },
    ),
    (
        "consultation",
        "相談窓口",
        "comments",
        "#5f6b76",
        {
            "ja-x-easy": "そうだんする ところ",
            "en": "Advice and consultation desk",
            "pt-BR": "Atendimento e orientação",
            "vi": "Quầy tư vấn",
            "zh-Hans": "咨询窗口",
            "ko": "상담 창구",
            "tl": "Konsultasyon at payo",
            "ne": "परामर्श केन्द्र",
        },
    ),
]

SUITABLE_FOR: list[tuple[str, str, dict[str, str]]] = [
    (
        "men_welcome",
        "男性歓迎",
        {
            "ja-x-easy": "おとこの ひとも どうぞ",
            "en": "Men welcome",
            "pt-BR": "Homens são bem-vindos",
            "vi": "Chào đón nam giới",
            "zh-Hans": "欢迎男性",
        },
    ),
    (
        "solo_ok",
        "一人参加OK",
        {
            "ja-x-easy": "ひとりで きても いい",
            "en": "Fine to come alone",
            "pt-BR": "Pode vir sozinho(a)",
            "vi": "Có thể đến một mình",
            "zh-Hans": "可一个人参加",
        },
    ),
    (
        "visit_ok",
        "見学可",
        {
            "ja-x-easy": "みるだけ でも いい",
            "en": "Visitors welcome (just watch)",
            "pt-BR": "Pode visitar antes",
            "vi": "Có thể đến xem trước",
            "zh-Hans": "可参观",
        },
    ),
    (
        "parent_child",
        "親子",
        {
            "ja-x-easy": "おやこで",
            "en": "Parents with children",
            "pt-BR": "Pais e filhos",
            "vi": "Cha mẹ và con",
            "zh-Hans": "亲子",
        },
    ),
    (
        "foreign_language",
        "外国語対応",
        {
            "ja-x-easy": "がいこくごで はなせる",
            "en": "Other languages spoken",
            "pt-BR": "Atendimento em outras línguas",
            "vi": "Hỗ trợ ngoại ngữ",
            "zh-Hans": "外语对应",
        },
    ),
    (
        "older_people",
        "高齢者向け",
        {
            "ja-x-easy": "おとしよりの ための",
            "en": "For older people",
            "pt-BR": "Para idosos",
            "vi": "Dành cho người cao tuổi",
            "zh-Hans": "面向老年人",
        },
    ),
    (
        "young_adults",
        "若者向け",
        {
            "ja-x-easy": "わかい ひとの ための",
            "en": "For young adults",
            "pt-BR": "Para jovens",
            "vi": "Dành cho người trẻ",
            "zh-Hans": "面向年轻人",
        },
    ),
    (
        "disability_friendly",
        "障害のある方歓迎",
        {
            "ja-x-easy": "しょうがいの ある ひとも どうぞ",
            "en": "People with disabilities welcome",
            "pt-BR": "Pessoas com deficiência são bem-vindas",
            "vi": "Chào đón người khuyết tật",
            "zh-Hans": "欢迎残障人士",
        },
    ),
]

# Built-in taxonomy rows get the same HSDS UUID in every installation, so API clients and exchanged HSDS
# files can refer to "子ども食堂" across towns.
TAXONOMY_NAMESPACE = UUID("6f1d2c3e-8a7b-5c4d-9e0f-1a2b3c4d5e6f")


def builtin_uuid(*parts: str) -> str:
    """Stable UUID of a built-in taxonomy or term."""
    return str(uuid5(TAXONOMY_NAMESPACE, "/".join(parts)))


TAXONOMIES = {
    "kind": ("活動の種類", "What kind of activity or resource an entry is."),
    "suitable_for": ("こんな方に", "Who an entry suits (男性歓迎, 一人参加OK…)."),
}


def _sync_term(taxonomy: Taxonomy, code: str, name: str, order: int, labels: dict[str, str]) -> TaxonomyTerm:
    term = next((t for t in taxonomy.terms if t.code == code), None)
    if term is None:
        term = TaxonomyTerm(uuid=builtin_uuid(taxonomy.code, code), code=code, name=name, sort_order=order)
        taxonomy.terms.append(term)
    have = {label.locale for label in term.labels}
    for locale, text in labels.items():
        if locale not in have:
            term.labels.append(TaxonomyTermLabel(locale=locale, label=text))
    return term


def ensure_taxonomy(session: Session) -> dict[str, TaxonomyTerm]:
    """Create the built-in taxonomies and terms that are missing; return every built-in term by code."""
    existing = {
        t.code: t
        for t in session.scalars(
            select(Taxonomy).options(selectinload(Taxonomy.terms).selectinload(TaxonomyTerm.labels))
        )
    }
    for code, (name, description) in TAXONOMIES.items():
        if code not in existing:
            existing[code] = Taxonomy(
                uuid=builtin_uuid(code), code=code, name=name, description=description, version="1"
            )
            session.add(existing[code])
    terms: dict[str, TaxonomyTerm] = {}
    for order, (code, name, icon, colour, labels) in enumerate(KINDS):
        term = _sync_term(existing["kind"], code, name, order, labels)
        term.icon = term.icon or icon
        term.colour = term.colour or colour
        terms[code] = term
    for order, (code, name, labels) in enumerate(SUITABLE_FOR):
        terms[code] = _sync_term(existing["suitable_for"], code, name, order, labels)
    session.flush()
    return terms
