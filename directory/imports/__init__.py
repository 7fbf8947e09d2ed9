"""Imports: files in, catalog entries upserted, all-or-nothing by default, one summary out (`run`); readers per
format (`readers`), matching drafts to stored entries (`apply`), bulk writes of new entries (`bulk`),
geocoding of rows without a point (`geocoding`) and the admin page's uploads (`uploads`; the page itself is
`admin.imports`). Imports `directory.formats`, `directory.models`, `directory.catalog` (bulk rows, search text),
`directory.schedules`, `i18n.normalize` and the core's db and cache.
"""
