"""Figures of the casework over a period (年度 or any dates), computed once for the report page, its exports and
`tsunagu report outcomes`: the period (`period`), how a count may be shown to whom (`cells`), the closed-loop and
定着 figures (`outcomes`), the 居場所 coverage per 中学校区 (`coverage`) and the command (`cli`).

Imports the casework models, the catalog's coverage reads and flask_babel for labels.
"""
