"""What every tabular importer produces: plain entry drafts, their places and costs, and row problems.

Readers (子ども食堂, 通いの場, 自治体標準データセット) decide what their columns *mean* and hand these drafts to
`directory.imports.apply`, which alone knows how a draft becomes catalog rows. No session here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.schedules.text import ERROR_BAD_TIME, ERROR_END_BEFORE_START, RuleSpec


@dataclass(frozen=True)
class Problem:
    """A row problem: the column (as the file names it) and the message in Japanese and English."""

    row: int
    column: str
    message: str


@dataclass
class CostDraft:
    """参加費 of one age band; `note` keeps the source wording whenever it says more than a number."""

    age_band: str
    amount_yen: int | None
    is_free: bool
    note: str | None = None


@dataclass
class PlaceDraft:
    """One place of an entry, address split the Japanese way, with the times it is open there."""

    prefecture: str | None
    city: str | None
    town: str | None
    block: str | None
    building: str | None
    lat: float | None
    lon: float | None
    private_home: bool
    elementary_district: str | None = None
    rules: list[RuleSpec] = field(default_factory=list)
    schedule_note: str | None = None
    geocode_source: str | None = None
    """Where lat/lon came from when not from the file (e.g. "gsi")."""
    name: str | None = None
    postal_code: str | None = None
    access_notes: str | None = None
    accessibility: tuple[str, ...] = ()
    """AccessibilityFeature values (バリアフリー情報)."""
    source_id: str | None = None
    """The key of this place within its entry (None = the entry's main place, keyed by the entry's ID)."""


@dataclass
class EntryDraft:
    """Everything one data row says about an activity and its organisation."""

    row: int
    municipality_code: str | None
    source_id: str | None
    name: str
    name_kana: str | None
    organization_name: str
    corporate_number: str | None
    phone: str | None
    email: str | None
    url: str | None
    description: str | None
    eligibility: str | None
    fees_note: str | None
    how_to_join: str | None
    reservation_required: bool
    capacity: int | None
    costs: list[CostDraft]
    place: PlaceDraft
    is_addition: bool = False
    kinds: tuple[str, ...] = ("kodomo_shokudo",)
    """Taxonomy term codes (kinds and suitable-for tags) the entry gets; see directory.catalog.taxonomy."""
    transport_offered: bool | None = None
    """送迎あり/なし; None = the file does not say (a stored value is kept)."""
    ladder_stage: str | None = None
    organization_kana: str | None = None
    extra_places: list[PlaceDraft] = field(default_factory=list)
    """Further places (子ども食堂 追加情報 rows) merged onto the entry before it is written."""
    alternate_name: str | None = None
    """名称_通称 (None = the file does not say; a stored one is kept)."""
    source_fields: dict[str, str] = field(default_factory=dict)
    unterminated: bool = False
    """From the file's last line without a line break (possibly cut off): never shortens a stored value."""
    """Columns with no field of their own, by the column's standard name (kept on the service as they are)."""

    @property
    def places(self) -> list[PlaceDraft]:
        """The main place first, then the further ones."""
        return [self.place, *self.extra_places]


def time_problems(row: int, errors: tuple[str, ...] | list[str], start_column: str, end_column: str) -> list[Problem]:
    """Schedule errors of the 開始時間/終了時間 columns, each on the column that holds the bad value.

    The schedule reader names the value it could not read ("終了時刻 25:00"); an end before the start is the
    end column's value, which is the one a clerk corrects.
    """
    problems = []
    for message in errors:
        bad_end = message.startswith(ERROR_END_BEFORE_START) or (
            message.startswith(ERROR_BAD_TIME) and "終了時刻" in message
        )
        problems.append(Problem(row, end_column if bad_end else start_column, message))
    return problems
