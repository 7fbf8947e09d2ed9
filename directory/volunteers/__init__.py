"""Volunteers (pseudonymous profiles): sign-up, profile and interest writes (`services`), forms, and the
coordinators' review of sign-ups (`review_views`). The volunteer's own page, which calls the matching
engine, is in `matching.volunteers`. Imports `directory.models`, `directory.accounts` (the account and its
confirmation), `directory.catalog`, the contribution forms and the core (audit, permissions).
"""
