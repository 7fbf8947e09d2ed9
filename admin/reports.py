"""Casework reports (/admin/reports): tables, server-side SVG charts, and CSV / xlsx export of each table.

Every figure comes from matching.casework.reports, whose tables already show counts under 3 as "<3"; the exports
write those same cells (spreadsheet formulas neutralised), so no page or file can show a small cell.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import Response, abort, render_template
from flask_babel import gettext as _

from admin.blueprint import bp
from directory.formats.spreadsheet import SafeCsvWriter, safe_cells
from matching.casework.reports import ReportTable, build_reports
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.permissions import can_view_reports, require

CHARTS = (
    ("by_month", 1),
    ("by_kind", 6),
    ("retention", 2),
    ("intake_to_visit", 1),
    ("unmet_district", 1),
    ("unmet_kind", 1),
)
"""(table key, column) drawn as a bar chart under its table."""
BAR_HEIGHT, LABEL_WIDTH, CHART_WIDTH = 22, 150, 560


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart, in SVG user units."""

    label: str
    value: str
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: suppressed ("<3") values are written, never drawn, so no bar reveals them."""

    title: str
    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = CHART_WIDTH


def bar_chart(table: ReportTable, column: int) -> Chart:
    """The chart of one table column (largest value = full width)."""
    pairs = table.bars(column)
    largest = max((v for _label, v in pairs if isinstance(v, int)), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = tuple(
        Bar(label, str(value), index * BAR_HEIGHT, round(span * value / largest) if isinstance(value, int) else 0)
        for index, (label, value) in enumerate(pairs)
    )
    return Chart(f"{table.title} — {table.columns[column]}", bars, max(len(bars), 1) * BAR_HEIGHT)


def _reports() -> tuple[object, dict[str, Chart]]:
    reports = build_reports(db.session, today_in_japan())
    charts = {key: bar_chart(table, column) for key, column in CHARTS if (table := reports.table(key)) is not None}
    return reports, charts


@bp.route("/reports")
@require(can_view_reports)
def reports() -> str:
    """Every casework report with its chart and export links; small cells shown as "<3"."""
    data, charts = _reports()
    return render_template("admin/reports.html", reports=data, charts=charts)


def _table_or_404(key: str) -> ReportTable:
    table = build_reports(db.session, today_in_japan()).table(key)
    if table is None:
        abort(404)
    return table


def _cells(table: ReportTable) -> list[list[str]]:
    return [safe_cells(table.columns), *(safe_cells(row) for row in table.rows)]


@bp.route("/reports/<key>.csv")
@require(can_view_reports)
def report_csv(key: str) -> Response:
    """One report table as CSV (UTF-8 with BOM and CRLF, as Excel opens it)."""
    table = _table_or_404(key)
    out = io.StringIO()
    SafeCsvWriter(out, lineterminator="\r\n").writerows(_cells(table))
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=tsunagu-{key}.csv"},
    )


@bp.route("/reports/<key>.xlsx")
@require(can_view_reports)
def report_xlsx(key: str) -> Response:
    """One report table as an xlsx workbook (cells written as text, formulas neutralised)."""
    import openpyxl  # only this export needs it

    table = _table_or_404(key)
    workbook = openpyxl.Workbook()
    sheet = workbook.create_sheet(_("レポート"), 0)
    workbook.remove(workbook.worksheets[1])
    sheet.title = _("レポート")
    for row in _cells(table):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return Response(
        out.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=tsunagu-{key}.xlsx"},
    )
