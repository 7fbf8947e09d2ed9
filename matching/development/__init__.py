"""社会資源の開発: unmet needs (繋ぐ先がない) waiting for an answer, development cases with their steps and
outcome, their forms, and the report (gaps by area and kind, resources developed per year). Imports
`matching.models`, `matching.casework.reports`, `matching.hosts`, `matching.menus`, `directory.catalog` and the core.
"""
