"""Residents' pages: the search page (the home page: filters, the result list and a map panel framed from
`directory.map_pages`), an entry's detail page and its small locator map (`/services/<id>/map.svg`). Residents'
corrections and photo files are served by `directory.contributions`.

Thin views over `directory.catalog` and `directory.search`; imports `directory.permissions`, `i18n`,
`maps.locator` and the core's cache and read replica besides.
"""
