"""`tsunagu furigana TEXT [--json]`: the readings tsunagu shows over kanji in やさしい日本語."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from i18n.readings import annotated, refresh_user_readings, segments


@click.command("furigana")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help='Print [{"text": "金", "reading": "かね"}, ...] instead.')
@with_appcontext
def furigana_command(text: str, as_json: bool) -> None:
    """Print TEXT with the reading of each kanji word in brackets: お金(かね)はいりません."""
    refresh_user_readings(force=True)  # the catalog's names with their カナ, when the database has them
    pieces = segments(text)
    if as_json:
        click.echo(
            json.dumps([{"text": base, "reading": reading or None} for base, reading in pieces], ensure_ascii=False)
        )
    else:
        click.echo(annotated(text))
