"""`match_features`: one row per service × located place, the facts the fast match path narrows on (migration 0027).

A derived table, never written by hand: `matching.suggestions.features` rebuilds the rows of every entry a
catalog write touches, in the writing transaction (tsunagu.catalog_cache calls it at each flush and from
`bump_catalog_version`), so the candidate query reads one row per place instead of probing schedules,
terms and languages row by row. Each column is a *necessary* condition of a hard constraint, summarised
conservatively (it may keep an entry the engine then rejects, never the reverse).
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, ForeignKey, Index, Integer, String, Table, Text, Time

from tsunagu.db import Base

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
"""Column suffixes, Monday first (`datetime.date.weekday()` order)."""

match_features = Table(
    "match_features",
    Base.metadata,
    Column("service_id", Integer, ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", Integer, ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("status", String(32), nullable=False),
    Column("visibility", String(32), nullable=False),
    Column("hsds_status", String(32), nullable=False),
    Column("minimum_age", Integer),
    Column("maximum_age", Integer),
    Column("terms", Text, nullable=False, doc="' code code ': every taxonomy term code of the service"),
    Column("languages", Text, nullable=False, doc="' pt-br ja-easy ': its languages, lower case"),
    Column("valid_to", Date, doc="the latest end of a schedule row that names its weekday; NULL: open-ended"),
    *(Column(f"opens_{day}", Time) for day in WEEKDAYS),
    *(Column(f"closes_{day}", Time) for day in WEEKDAYS),
    Index("ix_match_features_location_id", "location_id"),
)
"""`opens_<day>` / `closes_<day>`: the earliest opening and latest closing of the schedule rows that could meet
on that weekday and name their weekday (不定期 rows without one do not); NULL: no such row."""
