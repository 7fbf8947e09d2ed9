"""Consent tiers and what follows from them: 本人同意 or a 支援会議, sharing with agencies, withdrawal with
erasure, and the agency view of shared cases. The decisions themselves are in `matching.permissions`.
Imports `matching.models`, `matching.persons`, `matching.casework`, `matching.menus` (erasure reaches custom
menus), the catalog's models and search text, and the core (audit, permissions).
"""
