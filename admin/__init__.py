"""Administration (/admin/…): the review and stale queues, curation (taxonomy, archive, duplicates, the
位置未設定 queue, areas), accounts and agencies, imports, translations status, reports and the audit log.

Sub-packages: `accounts` (users, agencies, pending registrations), `archive`, `duplicates`, `taxonomy`; the
smaller pages are one module each. Admin may import every other package (it is the top of the layering);
nothing imports admin but the app factory.
"""
