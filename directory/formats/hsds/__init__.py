"""Open Referral HSDS 3.x: catalog rows → HSDS objects (`objects`, also behind the open API), reading JSON or
a tabular datapackage into drafts (`read`, `files`, `tables`), applying them (`apply`) and the export.
The readers take no session; `objects`, `apply` and `export` import `directory.models`, `directory.catalog`,
`directory.imports.bulk`, `i18n`, `maps.privacy` and the core's db and spatial helpers.
"""
