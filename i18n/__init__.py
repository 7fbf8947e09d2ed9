"""Languages: Flask-Babel setup and locale selection (i18n.setup), content-translation fallback
(i18n.content), and text normalisation for search (i18n.normalize).

Nothing is imported here, so the pure modules (normalize, content) load without Flask for the matching
engine; the Flask side is `i18n.setup.init_i18n`.
"""
