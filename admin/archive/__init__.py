"""アーカイブ: archiving an entry with a reason, restoring it, and the admin's logged hard delete (`services`),
with the pages (`views`). Imports the catalog (`directory.models`, `directory.contributions`,
`directory.permissions`) and the core; `admin.duplicates` archives a merged-away entry through its services.
"""
