"""Accounts and agencies (/admin/users, /admin/agencies) and self-registrations waiting for confirmation
(/admin/registrations).
"""
