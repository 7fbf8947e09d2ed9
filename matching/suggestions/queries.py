"""Reads for matching: profiles resolved against the catalog, the one match code path, persons, volunteers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from geoalchemy2.shape import to_shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    Area,
    AreaKind,
    Taxonomy,
    TaxonomyTerm,
    TaxonomyTermLabel,
    Visibility,
    Volunteer,
    VolunteerStatus,
)
from matching.engine import (
    MatchResult,
    OutcomeModel,
    Profile,
    ProfileError,
    Suggestion,
    evaluate,
    match,
    parse_profile,
)
from matching.engine.constraints import STATUS
from matching.suggestions.candidates import load_candidates
from matching.suggestions.profiles import volunteer_profile_json
from matching.suggestions.term_stats import neighbourhood_statistics
from tsunagu.clock import today_in_japan

NEAR_MISS_FACTOR = 1.5
"""Entries up to 1.5× the person's distance are loaded, so "too far" is counted and near misses shown."""
CHUNK = 2000


def kind_codes(session: Session) -> dict[str, str]:
    """Every accepted spelling of a kind (code, Japanese name, label in any language) → its code."""
    rows = session.execute(
        select(TaxonomyTerm.id, TaxonomyTerm.code, TaxonomyTerm.name)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Taxonomy.code == "kind")
    ).all()
    spellings = {value: code for _id, code, name in rows for value in (code, name)}
    labels = session.execute(
        select(TaxonomyTermLabel.label, TaxonomyTerm.code)
        .join(TaxonomyTerm, TaxonomyTerm.id == TaxonomyTermLabel.term_id)
        .where(TaxonomyTerm.id.in_([row[0] for row in rows]))
    ).all()
    for label, code in labels:
        spellings.setdefault(label, code)
    return spellings


def district_centroid(session: Session, district: str) -> tuple[float, float] | None:
    """(lat, lon) of a 地区's centroid, or None when the town has no such district."""
    boundary = session.scalar(
        select(Area.boundary).where(Area.kind == AreaKind.DISTRICT, Area.name == district, Area.boundary.is_not(None))
    )
    if boundary is None:
        return None
    centre = to_shape(boundary).centroid
    return float(centre.y), float(centre.x)


def resolve_profile(session: Session, profile: Profile) -> Profile:
    """The profile with its home point (a district becomes its centroid) and kinds as taxonomy codes.

    Raises ProfileError for an unknown district or kind, so the API answers 400 and the CLI exits 1.
    """
    if profile.home is None:
        centre = district_centroid(session, profile.district or "")
        if centre is None:
            raise ProfileError("home.district", f"unknown district {profile.district!r}")
        profile = replace(profile, home=centre)
    if profile.kinds:
        spellings = kind_codes(session)
        unknown = [kind for kind in profile.kinds if kind not in spellings]
        if unknown:
            raise ProfileError("kinds", f"unknown kind {unknown[0]!r} (use e.g. {', '.join(list(spellings)[:4])})")
        profile = replace(profile, kinds=tuple(dict.fromkeys(spellings[kind] for kind in profile.kinds)))
    return profile


def run_match(
    session: Session,
    profile: Profile,
    *,
    today: dt.date | None = None,
    limit: int = 10,
    model: OutcomeModel | None = None,
    explain: bool = False,
    visibilities: tuple[Visibility, ...] = (Visibility.PUBLIC,),
) -> MatchResult:
    """The one code path behind the coordinator page, `tsunagu match` and `POST /api/v1/match`.

    `explain=True` (the coordinator page, the CLI's text output) also counts, per hard constraint, what was
    excluded and lists near misses; the fast path (JSON answers, which carry suggestions only) narrows more
    in SQL first. Both end in the same engine call, which checks every hard constraint.
    """
    profile = resolve_profile(session, profile)
    today = today or today_in_japan()
    candidates, prefiltered = load_candidates(session, profile, explain=explain, today=today, visibilities=visibilities)
    statistics = neighbourhood_statistics(session, profile)  # the same on both paths: they rank alike
    return match(
        profile,
        candidates,
        today,
        limit=limit,
        model=model,
        prefiltered=prefiltered,
        explained=explain,
        statistics=statistics,
    )


def broken_constraints(session: Session, profile: Profile, service_id: int, today: dt.date) -> tuple[str, ...]:
    """The hard constraints one entry breaks for the profile (empty: it fits), for recording an override."""
    resolved = resolve_profile(session, profile)
    candidates, _counts = load_candidates(session, resolved, service_ids=[service_id], today=today)
    if not candidates:
        return (STATUS,)
    return evaluate(resolved, candidates[0], today).failed


@dataclass(frozen=True)
class VolunteerFit:
    """A volunteer who can take part in an entry, with the engine's suggestion for that pair."""

    volunteer: Volunteer
    suggestion: Suggestion


def volunteers_for_service(
    session: Session, service_id: int, today: dt.date, *, status: VolunteerStatus
) -> list[VolunteerFit]:
    """Volunteers (of `status`) for whom the entry passes every hard constraint, best fit first.

    The same engine as for persons, turned around: each volunteer's profile against this one candidate.
    """
    fits = []
    volunteers = session.scalars(select(Volunteer).where(Volunteer.status == status).order_by(Volunteer.id))
    for volunteer in volunteers:
        try:
            profile = resolve_profile(session, parse_profile(volunteer_profile_json(volunteer, today)))
        except ProfileError:
            continue
        candidates, _counts = load_candidates(session, profile, service_ids=[service_id])
        result = match(profile, candidates, today, limit=1)
        if result.suggestions:
            fits.append(VolunteerFit(volunteer, result.suggestions[0]))
    return sorted(fits, key=lambda fit: (-fit.suggestion.score, fit.volunteer.id))


def active_volunteers(session: Session) -> list[Volunteer]:
    """Volunteers a coordinator can match (reviewed and active), by pseudonym."""
    return list(
        session.scalars(select(Volunteer).where(Volunteer.status == VolunteerStatus.ACTIVE).order_by(Volunteer.id))
    )
