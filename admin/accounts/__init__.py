"""Accounts and agencies (/admin/users, /admin/agencies) and self-registrations waiting for confirmation
(/admin/registrations). Imports `directory.accounts` (self-registration), the catalog's models and contribution
forms, the core's accounts (`tsunagu.models`, `tsunagu.auth`, `tsunagu.mail`) and admin's `forms` and `curation_log`.
"""
