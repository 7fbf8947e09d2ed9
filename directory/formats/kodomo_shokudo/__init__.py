"""The 子ども食堂 / 子どもの居場所 standard layout (49 columns, and its 25-column 追加情報): the layout, the
reader (rows → entry drafts, pure) and the export. The layout and the reader import only `directory.formats`,
`directory.schedules` and `directory.catalog.municipality`; the export reads the public catalog through
`directory.catalog.queries`.
"""
