"""Loads the casework routes onto the coordinator blueprint (one import line in matching.views)."""

import matching.casework_views  # noqa: F401
import matching.consent_views  # noqa: F401
