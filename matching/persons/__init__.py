"""Case records of the people coordinators support (pseudonymous): intake and edits with their history,
the coordinator's list and record pages. Imports `matching.models`, `matching.engine.profile`,
`matching.suggestions`, `directory.catalog` and `directory.schedules` (the forms), `i18n.normalize` and the core.
"""
