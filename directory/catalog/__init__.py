"""The catalog's shared reads and helpers: public queries, search text (indexing), bulk rows, labels of coded
values, the built-in taxonomy, municipality codes and schedules in words.

Used by every other sub-package of directory (and by matching); imports only `directory.models`,
`directory.schedules`, `i18n` and the core of `tsunagu`.
"""
