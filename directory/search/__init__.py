"""Catalog search: parameters (`params`), the one query builder behind the search page, the map and the open
API (`query`), and the plain-row reading of a result list (`list_rows`).
"""
