"""The catalog: organisations, activities (services), places, schedules, taxonomy and volunteers, the public
pages and map, the open HSDS API, group contributions, translations of entries, and imports/exports.

Sub-packages, one per sub-domain: `models` (the tables), `catalog` (reads, search text, labels, taxonomy),
`schedules` (pure recurrence and the Japanese schedule-text parser), `search`, `public` (resident pages),
`map_pages`, `api` (/api/v1), `formats` (file layouts: 子ども食堂, HSDS, opendata, 通いの場), `imports`,
`contributions` (groups' entries and their review), `accounts` (self-registration), `volunteers`,
`translations`. Beside them: `permissions` (decisions about entries), `blueprint` and `routes` (its blueprints,
registered by the app factory).

May import `i18n`, `maps` and the core of `tsunagu` (db, audit, permissions, caches); never `matching`,
`admin` or the developer tools (`devtools`). `directory.schedules` stays pure (no Flask, no SQLAlchemy).
"""
