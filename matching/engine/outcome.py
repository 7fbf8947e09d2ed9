"""A trained outcome model as plain arithmetic: logistic regression coefficients over the score parts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_TRAINING_SIZE = 50
"""The engine uses a model only when it was trained on at least this many placements."""


@dataclass(frozen=True, slots=True)
class LinearOutcomeModel:
    """P(placement reaches the 3-month 定着 follow-up) = σ(intercept + Σ coefficient × part)."""

    version: str
    coefficients: tuple[float, ...]
    intercept: float

    def probability(self, features: Sequence[float]) -> float:
        """The model's probability for one feature vector (FEATURES order, see matching.engine.scoring)."""
        z = self.intercept + sum(c * x for c, x in zip(self.coefficients, features, strict=True))
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))
