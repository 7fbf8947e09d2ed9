"""Casework reports (/admin/reports?fy=2025 or ?from=…&to=…): tables, server-side SVG charts, and CSV / xlsx
export of each table, for a 年度 (the current one by default) or any period.

Every figure comes from matching.casework.reports for the viewer's scope (matching.permissions.report_scope_for):
exact counts for the agency that owns the cases, cells of 1–2 suppressed for the lead agency's town-wide view.
The exports leave the agency, so they are always built with small cells suppressed (formulas neutralised).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from admin.blueprint import bp
from directory.formats.spreadsheet import SafeCsvWriter, safe_cells
from matching.casework.reports import Reports, ReportScope, ReportTable, build_reports
from matching.permissions import report_scope_for
from matching.reporting.period import Period
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


class PeriodError(ValueError):
    """The period asked for in the query string cannot be read."""


def requested_period(args: Any, today: date) -> Period:
    """?fy=YYYY (a 年度) or ?from=YYYY-MM-DD&to=YYYY-MM-DD; the current 年度 when neither is given."""
    try:
        if args.get("from") or args.get("to"):
            start, end = date.fromisoformat(args.get("from", "")), date.fromisoformat(args.get("to", ""))
            if end < start:
                raise PeriodError(_("終わりの日が始まりの日より前です。"))
            return Period(start, end)
        if args.get("fy"):
            year = int(args["fy"])
            if not 2000 <= year <= 2100:
                raise PeriodError(_("年度は2000〜2100の数字で入力してください。"))
            return Period.fiscal(year)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(_("期間は YYYY-MM-DD の形の日付で入力してください。")) from exc
    return Period.fiscal(Period.fiscal_year_of(today))


def _build(scope: ReportScope) -> Reports:
    today = today_in_japan()
    return build_reports(db.session, today, requested_period(request.args, today), scope)


@bp.route("/reports")
@require(can_view_reports)
def reports() -> tuple[str, int]:
    """Every casework report of the period with its chart and export links, for the viewer's scope."""
    today = today_in_japan()
    try:
        data = _build(report_scope_for(current_user))
    except PeriodError as exc:
        this_year = Period.fiscal(Period.fiscal_year_of(today))
        default = build_reports(db.session, today, this_year, report_scope_for(current_user))
        html = render_template(
            "admin/reports.html", reports=default, charts={}, period_error=str(exc), years=(), period_args={}
        )
        return html, 400
    charts = {key: bar_chart(table, column) for key, column in CHARTS if (table := data.table(key)) is not None}
    years = range(Period.fiscal_year_of(today), Period.fiscal_year_of(today) - 4, -1)
    html = render_template("admin/reports.html", reports=data, charts=charts, years=years, period_args=_export_args())
    return html, 200


def _table_or_404(key: str) -> ReportTable:
    """One table for export: an export leaves the agency, so small cells are always suppressed."""
    scope = report_scope_for(current_user)
    try:
        table = _build(ReportScope(scope.agency_ids, shared=True)).table(key)
    except PeriodError:
        abort(400)
    if table is None:
        abort(404)
    return table


def _export_args() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k in ("fy", "from", "to")}


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
