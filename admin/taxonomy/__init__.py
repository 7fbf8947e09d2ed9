"""分類の管理 (/admin/taxonomy): kinds and tags, their labels per UI language, new terms, retiring terms
(`views`). Imports the catalog's taxonomy tables and forms (`directory`), `i18n.locales` and the core.
"""
