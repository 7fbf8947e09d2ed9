"""Where a case or a need is: the 中学校区 of a 地区 or a point, from the town's stored boundaries (`queries`).

Imports the catalog's area table and shapely; no Flask.
"""
