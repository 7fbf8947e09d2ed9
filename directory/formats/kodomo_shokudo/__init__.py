"""The 子ども食堂 / 子どもの居場所 standard layout (49 columns, and its 25-column 追加情報): the layout, the
reader (rows → entry drafts, pure) and the export.
"""
