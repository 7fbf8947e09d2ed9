"""The open read API under /api/v1: HSDS 3.1 shapes, CORS-open, problem JSON for every error, and its OpenAPI
document. The HSDS objects themselves are built in `directory.formats.hsds.objects`; the reads are those of
`directory.search` and `directory.catalog` (the GeoJSON map from `directory.map_pages`). Imports `i18n` and the
core's cache, read replica and web helpers besides.
"""
