"""Learning from outcomes: train "reaches the 3-month 定着 follow-up" from recorded placements (scikit-learn).

The training rows are placements whose outcome is known (proposed at least MATURE_DAYS ago); the features
are the engine's own score parts for that person and activity, recomputed now, so the model learns which
parts predicted a lasting placement. The engine uses the newest model only when it was trained on at
least MIN_TRAINING_SIZE placements, as one soft part, never to relax a hard constraint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from i18n.normalize import normalize
from matching.engine import ProfileError, evaluate
from matching.engine.outcome import MIN_TRAINING_SIZE, LinearOutcomeModel
from matching.engine.scoring import FEATURES, base_parts, outcome_features
from matching.models import FollowUpMilestone, FollowUpOutcome, MatchModel, Placement
from matching.suggestions.candidates import load_candidates
from matching.suggestions.profiles import person_profile
from matching.suggestions.queries import resolve_profile
from tsunagu.clock import today_in_japan

MATURE_DAYS = 120
"""A placement proposed this long ago has had time to reach (or miss) its 3-month follow-up."""
REACHED = (FollowUpOutcome.GOING_WELL, FollowUpOutcome.CONCERN)


def current_model(session: Session) -> LinearOutcomeModel | None:
    """The newest stored model trained on enough placements, or None (cold start)."""
    row = session.scalar(
        select(MatchModel)
        .where(MatchModel.training_size >= MIN_TRAINING_SIZE)
        .order_by(MatchModel.trained_at.desc(), MatchModel.id.desc())
    )
    if row is None or list(row.features) != list(FEATURES):
        return None
    return LinearOutcomeModel(row.version, tuple(row.coefficients), row.intercept)


def reached_three_months(placement: Placement) -> bool:
    """The label: a 3-month follow-up was done and found the person still going."""
    return any(f.milestone == FollowUpMilestone.MONTH_3 and f.outcome in REACHED for f in placement.follow_ups)


def training_rows(session: Session, today: dt.date) -> tuple[list[list[float]], list[int]]:
    """Feature vectors (the engine's score parts) and labels of every mature placement."""
    cutoff = dt.datetime.combine(today - dt.timedelta(days=MATURE_DAYS), dt.time(), tzinfo=dt.UTC)
    placements = session.scalars(
        select(Placement)
        .where(Placement.proposed_at <= cutoff)
        .options(selectinload(Placement.follow_ups), selectinload(Placement.person))
        .order_by(Placement.id)
    ).all()
    features, labels = [], []
    for placement in placements:
        try:
            profile = resolve_profile(session, person_profile(placement.person, today))
        except ProfileError:
            continue  # erased or incomplete records teach nothing
        candidates, _counts = load_candidates(session, profile, service_ids=[placement.service_id])
        if not candidates:
            continue
        candidate = candidates[0]
        evaluation = evaluate(profile, candidate, today)
        document = normalize(candidate.text or candidate.name)
        features.append(outcome_features(base_parts(profile, candidate, evaluation, document, today)))
        labels.append(int(reached_three_months(placement)))
    return features, labels


@dataclass(frozen=True)
class TrainingReport:
    """What `tsunagu train-match-model` prints."""

    size: int
    positives: int
    version: str | None
    cv_auc: float | None
    note: str


def train_model(session: Session, today: dt.date | None = None) -> TrainingReport:
    """Fit a logistic regression on the mature placements and store it; refuses with a note when the data
    cannot support a model (fewer than MIN_TRAINING_SIZE rows, or only one outcome)."""
    today = today or today_in_japan()
    features, labels = training_rows(session, today)
    positives = sum(labels)
    if len(labels) < MIN_TRAINING_SIZE or positives in (0, len(labels)):
        note = f"not trained: {len(labels)} mature placements ({positives} reached 3 months); need ≥ {MIN_TRAINING_SIZE} with both outcomes"  # noqa: E501
        return TrainingReport(len(labels), positives, None, None, note)
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.model_selection import cross_val_score  # type: ignore[import-untyped]

    folds = max(2, min(5, positives, len(labels) - positives))
    auc = float(cross_val_score(LogisticRegression(), features, labels, cv=folds, scoring="roc_auc").mean())
    fitted = LogisticRegression().fit(features, labels)
    version = f"lr-{today.isoformat()}-{len(labels)}"
    existing = session.scalar(select(MatchModel).where(MatchModel.version == version))
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(
        MatchModel(
            version=version,
            training_size=len(labels),
            cv_auc=round(auc, 4),
            features=list(FEATURES),
            coefficients=[float(c) for c in fitted.coef_[0]],
            intercept=float(fitted.intercept_[0]),
        )
    )
    session.flush()
    return TrainingReport(len(labels), positives, version, round(auc, 4), "trained")
