"""The catalog's shared reads and helpers: public queries, search text (indexing), bulk rows, labels of coded
values, the built-in taxonomy, municipality codes and schedules in words.

Used by most other sub-packages of directory (and by matching); imports `directory.models`,
`directory.schedules`, `directory.search.params` (today's date in Japan), `i18n`, `maps` (the privacy jitter and
the locator's shapes) and the core of `tsunagu`.
"""
