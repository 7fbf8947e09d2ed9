"""Languages: the UI languages (`locales`), which one a request is in (`selection`: ?lang= → session → profile →
Accept-Language → ja), Flask-Babel setup (`setup.init_i18n`), the message catalogs (`catalogs`, run by
`make messages`; the .po files are under `translations/`), dates and numbers in the locale (`formatting`),
furigana for やさしい日本語 (`furigana`), content-translation fallback (`content`), and text normalisation for
search (`normalize`, with the 表記ゆれ tables in `variants`).

A leaf: it imports none of the other packages (import-linter checks it). Nothing is imported here, so the pure
modules (`normalize`, `variants`, `content`, `locales`) load without Flask for the matching engine and the importers.
"""
