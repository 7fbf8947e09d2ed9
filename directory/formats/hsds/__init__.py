"""Open Referral HSDS 3.x: catalog rows → HSDS objects (`objects`, also behind the open API), reading JSON or
a tabular datapackage into drafts (`read`, `files`, `tables`), applying them (`apply`) and the export.
"""
