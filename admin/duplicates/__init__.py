"""重複の統合 (/admin/duplicates): possible duplicates across the catalog, compared side by side and merged
field by field (`services`), with the pages (`views`).
"""
