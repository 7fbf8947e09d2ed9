"""The map pages (/map, /map/coverage, the embedded map frame): which entries and areas a search puts on the
map (`entries`, `coverage`) and the views. The map documents are built by the pure `maps` package; imports
`directory.search`, `directory.catalog`, `directory.public` (the search page's context), `i18n` and the core's
cache and read replica.
"""
