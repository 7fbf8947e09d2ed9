"""Catalog search: parameters (`params`), the one query builder behind the search page, the map and the open
API (`query`), and the plain-row reading of a result list (`list_rows`). Imports `directory.models`,
`directory.schedules`, `directory.catalog.queries` (the public filter), `i18n` (normalisation, locale) and the
core's spatial helper and cache.
"""
