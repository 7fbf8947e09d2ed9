"""`tsunagu schedule TEXT [--from YYYY-MM-DD] [--count N] [--json]`: how tsunagu reads a 開催日 text.

Clerks check their own files with it and tests use it: the rule in words (Japanese, generated from the parsed
rule, not echoed) and the next N dates from --from (inclusive; Japanese public holidays, 年末年始 and months
off applied where the text says so). `--json` prints {"rule": "...", "dates": [...], "notes": [...]}.
"""

from __future__ import annotations

import datetime as dt
import json

import click
from flask import current_app
from flask.cli import with_appcontext

from directory.schedules import needs_confirmation, next_dates
from directory.schedules.text import parse_schedule
from directory.schedules.words import describe
from tsunagu.clock import today_in_japan

DEFAULT_COUNT = 5


def read_schedule(text: str, start: dt.date, count: int) -> dict[str, object]:
    """The command's answer as data: rule words, ISO dates and notes (Japanese, through Babel)."""
    from flask_babel import gettext

    parsed = parse_schedule(text)
    rules = [spec.to_rule() for spec in parsed.rules]
    notes: list[str] = []
    if parsed.unparsed:
        notes.append(gettext("メモとして残す部分: %(text)s", text=parsed.unparsed))
    notes.extend(parsed.errors)
    dates = [occurrence.date.isoformat() for occurrence in next_dates(rules, start, count)]
    if any(rule.week_unknown for rule in rules):
        notes.append(
            gettext("曜日はわかりますが、第何週かがわからないため日付は出せません。日程は団体に確認してください。")
        )
    elif rules and needs_confirmation(rules):
        notes.append(gettext("開催日が決まっていないため日付は出せません。日程は団体に確認してください。"))
    if not rules:
        notes.append(gettext("開催日として読める部分がありませんでした。"))
    words = "、".join(describe(rule) for rule in rules) if rules else gettext("（読み取れるルールなし）")
    return {"rule": words, "dates": dates, "notes": notes}


@click.command("schedule")
@click.argument("text")
@click.option(
    "--from",
    "start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="First date to list (inclusive), YYYY-MM-DD; default today in Japan.",
)
@click.option("--count", type=click.IntRange(min=0, max=366), default=DEFAULT_COUNT, show_default=True)
@click.option("--json", "as_json", is_flag=True, help='Print {"rule": "...", "dates": [...], "notes": [...]}.')
@with_appcontext
def schedule_command(text: str, start: dt.datetime | None, count: int, as_json: bool) -> None:
    """Show how a 開催日 text is read: the rule in words and the next dates."""
    from flask_babel import gettext

    first = start.date() if start is not None else today_in_japan()
    with current_app.test_request_context("/?lang=ja"):
        answer = read_schedule(text, first, count)
        if as_json:
            click.echo(json.dumps(answer, ensure_ascii=False))
            return
        click.echo(gettext("ルール: %(rule)s", rule=answer["rule"]))
        dates = answer["dates"]
        if isinstance(dates, list) and dates:
            click.echo(gettext("次の開催日（%(start)s から）:", start=first.isoformat()))
            for day in dates:
                weekday = "月火水木金土日"[dt.date.fromisoformat(day).weekday()]
                click.echo(f"  {day}（{weekday}）")
        notes = answer["notes"]
        for note in notes if isinstance(notes, list) else []:
            click.echo(f"  ※ {note}")
