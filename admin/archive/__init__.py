"""アーカイブ: archiving an entry with a reason, restoring it, and the admin's logged hard delete (`services`),
with the pages (`views`).
"""
