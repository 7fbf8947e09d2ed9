"""重複の統合 (/admin/duplicates): possible duplicates across the catalog, compared side by side and merged
field by field (`services`), with the pages (`views`). Imports the catalog (`directory.models`,
`directory.catalog`, `directory.contributions`), `admin.archive` (the other entry is archived) and the core.
"""
