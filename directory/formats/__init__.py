"""Import and export formats: one module or sub-package per file layout — `kodomo_shokudo`, `hsds`, `opendata`,
`kayoinoba` — with what they share: `tabular` (CSV or xlsx → a table of strings), `drafts` (the plain entry drafts
every reader produces), `costs` (fee text), `classify` (free text → taxonomy codes) and `spreadsheet` (formula
injection in exports).

Readers are pure (rows → drafts; no Flask, no session): they import only `directory.schedules`,
`directory.catalog.municipality` and the catalog's enums. The exports and `hsds.apply` use the database through
`directory.models`, `directory.catalog` and `directory.imports`; nothing here imports Flask.
"""
