"""Imports: files in, catalog entries upserted, all-or-nothing by default, one summary out (`run`); readers per
format (`readers`), matching drafts to stored entries (`apply`), bulk writes of new entries (`bulk`),
geocoding of rows without a point (`geocoding`) and the admin page's uploads (`uploads`).
"""
