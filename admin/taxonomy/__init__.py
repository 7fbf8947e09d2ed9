"""分類の管理 (/admin/taxonomy): kinds and tags, their labels per UI language, new terms, retiring terms: the rules
and writes (`services`), the reads (`queries`), the pages (`views`). Imports the catalog's taxonomy tables
(`directory`), `i18n.locales` and the core.
"""
