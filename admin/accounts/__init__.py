"""Accounts and agencies (/admin/users, /admin/agencies) and self-registrations waiting for confirmation
(/admin/registrations): the rules and writes (`services`), the reads (`queries`), the pages (`views`).
"""
