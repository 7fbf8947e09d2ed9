"""Residents' pages: the search page with its list and map, entry and organisation details, corrections.

Thin views over `directory.catalog` and `directory.search`.
"""
