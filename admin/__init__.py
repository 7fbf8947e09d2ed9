"""Administration (/admin/…): the review and stale queues, curation (taxonomy, archive, duplicates, the
位置未設定 queue, areas), accounts and agencies, imports, translations status, reports and the audit log.

Sub-packages: `accounts` (users, agencies, pending registrations), `archive`, `duplicates`, `taxonomy`; the
smaller pages are one module each (`review`, `stale`, `locations`, `areas`, `imports`, `translations`, `reports`,
`audit`, and `views` for the home page), beside `forms`, `curation_log` (how a curation decision is logged),
`blueprint` and `routes` (its views, registered by the app factory).

May import every package of the application — `directory`, `matching`, `maps`, `i18n` and the core of `tsunagu` —
as the top of the layering, but never the developer tools (`devtools`); nothing imports admin but the app factory.
"""
