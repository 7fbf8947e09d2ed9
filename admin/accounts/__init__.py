"""Accounts and agencies (/admin/users, /admin/agencies) and self-registrations waiting for confirmation
(/admin/registrations): the rules and writes (`services`), the reads (`queries`), the pages (`views`).
Imports `directory.accounts` (self-registration), the catalog's models, the core's accounts (`tsunagu.models`,
`tsunagu.auth`, `tsunagu.mail`) and admin's `forms` and `curation_log`.
"""
