"""`tsunagu report outcomes (--fiscal-year YYYY | --from DATE --to DATE) [--public] [--json]`: the report page's
figures from a shell (same computation, matching.reporting.outcomes)."""

from __future__ import annotations

import json
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from matching.reporting.period import Period


@click.group("report")
def report_group() -> None:
    """Casework reports."""


def period_from_options(fiscal_year: int | None, start: date | None, end: date | None) -> Period:
    """The period the options name: a 年度, or two dates (both needed, the first not after the second)."""
    if fiscal_year is not None:
        if start or end:
            raise click.UsageError("give either --fiscal-year or --from/--to, not both")
        return Period.fiscal(fiscal_year)
    if start is None or end is None:
        raise click.UsageError("give --fiscal-year YYYY, or both --from DATE and --to DATE")
    if end < start:
        raise click.UsageError(f"--to {end} is before --from {start}")
    return Period(start, end)


@report_group.command("outcomes")
@click.option("--fiscal-year", type=click.IntRange(2000, 2100), help="年度: April YYYY to March YYYY+1.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD), inclusive.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD), inclusive.")
@click.option("--public", is_flag=True, help="Suppress counts of 1-2 (and rates that would reveal them).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (keys in DESIGN.md).")
@with_appcontext
def outcomes_command(fiscal_year: int | None, start, end, public: bool, as_json: bool) -> None:  # noqa: ANN001
    """Proposals, first visits, declines, 1-month outcomes recorded, 定着 at 3/6 months, unmet needs by 中学校区
    and coverage for a period, over every case."""
    from matching.reporting.outcomes import ReportScope, compute_outcomes
    from matching.reporting.outcomes import as_json as outcomes_json
    from tsunagu.clock import today_in_japan
    from tsunagu.db import db

    period = period_from_options(fiscal_year, start and start.date(), end and end.date())
    with current_app.test_request_context("/?lang=ja"):
        outcomes = compute_outcomes(db.session, period, today_in_japan(), ReportScope(shared=public))
        data = outcomes_json(outcomes, shared=public)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(f"period: {period.start} .. {period.end}")
    click.echo(f"proposals: {_shown(data['proposals'])}")
    for key in ("first_visit_rate", "declined_rate", "outcome_recorded_1m_rate"):
        click.echo(f"{key}: {_rate(data[key])}  {data['reasons'].get(key, '')}".rstrip())
    for key in ("retention_3m", "retention_6m"):
        r = data[key]
        line = f"{key}: {_shown(r['continuing'])} of {_shown(r['eligible'])} = {_rate(r['rate'])}"
        click.echo(f"{line}  {r.get('reason', '')}".rstrip())
    click.echo("unmet needs by 中学校区:")
    for name, n in data["unmet_needs_by_school_district"].items():
        click.echo(f"  {name}: {_shown(n)}")
    click.echo("proposed despite a broken condition (with a reason):")
    for code, n in data["overrides_by_constraint"].items():
        click.echo(f"  {code}: {_shown(n)}")
    click.echo("coverage (居場所 per 中学校区):")
    for row in data["coverage"]:
        click.echo(f"  {row['school_district']}: {row['count']} / {row['target']} = {_rate(row['rate'])}")


def _shown(value: int | None) -> str:
    return "<3" if value is None else str(value)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
