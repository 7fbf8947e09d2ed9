"""Matching and casework: the pure matching engine and everything around a person's case.

Sub-packages, one per sub-domain: `engine` (pure: plain data in, plain data out; no Flask, no SQLAlchemy),
`models` (the tables), `persons` (case records, intake), `suggestions` (the catalog read for the engine,
the match pages, reasons in words, the learned outcome model), `casework` (placements, follow-ups, case
notes, reports), `consent` (tiers, sharing, erasure), `development` (社会資源の開発: unmet needs, development
cases), `hosts` (受け入れ候補, the host's own page), `menus` (個別メニュー), `api` (POST /api/v1/match and
personal API tokens), `volunteers` (the volunteer's own pages). Beside them: `permissions` (decisions about
case records), `blueprint` and `routes` (its blueprints, registered by the app factory).

May import `directory` (the catalog below it: models, queries, permissions), `i18n`, `maps` and the core of
`tsunagu`; never `admin` or the developer tools (`devtools`).
"""
