"""The demo town つなぐ市 (`tsunagu init-db --demo`, which finds `load_demo` through the `tsunagu.demo` entry point)
and synthetic bulk data (`bulk`, for `tsunagu demo-data`).

Everything is drawn from seeded generators, so two loads give the same town; only dates are relative to
today (a stale entry stays stale, an overdue follow-up stays overdue). `town` (geography), `organizations`,
`catalog`, `people`, `persons`, `casework`, `history` (two 年度 of earlier casework) and `translations` build the
town; `kinds`, `content` and `words` are
shared with `bulk`. Written through the application's own models and services (`directory`, `matching`, the core
of `tsunagu`); nothing in the application imports this package.
"""

from __future__ import annotations

import random

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from devtools.demo.casework import load_casework
from devtools.demo.catalog import describe_counts, load_catalog
from devtools.demo.history import load_history
from devtools.demo.people import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    LEAD_AGENCY,
    load_persons,
    load_staff,
    load_volunteers,
)
from devtools.demo.persons import load_person_history
from devtools.demo.town import MUNICIPALITY_CODE, build_town, load_areas, municipality_code_with_check_digit
from directory.catalog.indexing import refresh_search_text
from directory.catalog.taxonomy import ensure_taxonomy
from directory.models import Area
from tsunagu.db import utcnow
from tsunagu.models import Agency

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "MUNICIPALITY_CODE", "load_demo", "municipality_code_with_check_digit"]

SEED = 20250401


def _rng(part: str) -> random.Random:
    # One generator per part: changing the casework never reshuffles the catalog.
    return random.Random(f"{SEED}:{part}")


def demo_present(session: Session) -> bool:
    """True when the demo town (its areas or its lead agency) is already in the database."""
    return bool(
        session.scalar(
            select(
                or_(
                    exists().where(Area.municipality_code == MUNICIPALITY_CODE),
                    exists().where(Agency.name == LEAD_AGENCY),
                )
            )
        )
    )


def load_demo(session: Session) -> str | None:
    """Load the demo town and return a one-line summary of what was added; None when it is already there.

    Safe to call on every `init-db --demo` (`make run` does). Flushes, never commits: the CLI commits.
    """
    if demo_present(session):
        return None
    now = utcnow()
    town = build_town()
    terms = ensure_taxonomy(session)  # idempotent; the demo tags every entry with built-in terms
    areas = load_areas(session, town)
    catalog = load_catalog(session, _rng("catalog"), town, terms, now)
    session.flush()
    people = load_staff(session, {name: org.id for name, org in catalog.organizations.items()})
    wanted = catalog.by_kind("volunteers_wanted")
    volunteers = load_volunteers(session, _rng("volunteers"), town, people, now, wanted)
    load_persons(session, _rng("persons"), town, people, now)
    load_person_history(session, people, now)
    session.flush()
    casework = load_casework(session, _rng("casework"), town, catalog, people, now)
    session.flush()
    history = load_history(session, _rng("history"), town, catalog, people, now)
    session.flush()
    refresh_search_text(session, [s.id for s in catalog.services])
    counts = {
        "areas": len(areas),
        **describe_counts(catalog),
        "users": len(people.users),
        "volunteers": volunteers,
        "persons": len(people.persons),
        **casework,
        **history,
    }
    return ", ".join(f"{n} {what}" for what, n in counts.items())
