"""Casework on placements: proposal → 見学/体験 → 参加, 定着 follow-ups, host check-ins, case notes, the
person's timeline, and the casework reports (`reports`, shown by `admin.reports`). Imports `matching.models`,
`matching.permissions`, `matching.persons`, `matching.suggestions.reasons`, the catalog's models and the core.
"""
