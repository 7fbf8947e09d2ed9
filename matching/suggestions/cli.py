"""`tsunagu match --profile PROFILE.json [--limit 10] [--json]`: the coordinator page's engine from a shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext


def load_profile_file(path: Path) -> Any:
    """The JSON object in `path`, or a ClickException that says what is wrong with it."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path}: not a JSON profile ({exc})") from exc


@click.command("match")
@click.option(
    "--profile",
    "profile_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Match profile (JSON, see DESIGN.md).",
)
@click.option("--limit", type=click.IntRange(min=1, max=100), default=10, show_default=True)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print [{"service_id","name","score","reasons","distance_km","next_dates","uncertain"}].',
)
@with_appcontext
def match_command(profile_path: Path, limit: int, as_json: bool) -> None:
    """Suggest activities for a match profile (same engine as the coordinator page)."""
    from flask_babel import gettext

    from matching.engine import ProfileError, parse_profile
    from matching.suggestions.outcome import current_model
    from matching.suggestions.queries import run_match
    from matching.suggestions.reasons import excluded_lines, render_reason, suggestion_json
    from tsunagu.db import db

    if not profile_path.is_file():
        raise click.ClickException(f"{profile_path}: no such file")
    data = load_profile_file(profile_path)
    # Babel renders the reasons: a request context in Japanese, as the coordinator page's default
    with current_app.test_request_context("/?lang=ja"):
        try:
            model = current_model(db.session)
            result = run_match(db.session, parse_profile(data), limit=limit, model=model, explain=not as_json)
        except ProfileError as exc:
            raise click.ClickException(f"invalid profile: {exc}") from exc
        if as_json:
            click.echo(json.dumps([suggestion_json(s) for s in result.suggestions], ensure_ascii=False))
            return
        for rank, suggestion in enumerate(result.suggestions, start=1):
            reasons = "、".join(render_reason(r) for r in suggestion.reasons)
            click.echo(f"{rank}. {suggestion.name} [{suggestion.score:.2f}] {suggestion.distance_km} km — {reasons}")
        if not result.suggestions:
            click.echo(gettext("条件に合う活動が見つかりませんでした"))
        for _code, label, count in excluded_lines(result):
            click.echo("  " + gettext("%(label)s: %(n)s件", label=label, n=count))
        for item in result.to_confirm:  # no weekday at all: not suggested, not dropped without a word
            click.echo(f"  {gettext('日程の確認が必要')}: {item.name} ({item.distance_m / 1000:.1f} km)")
        for note in result.notes:
            click.echo(f"  ({render_reason(note)})")


@click.command("train-match-model")
@with_appcontext
def train_match_model_command() -> None:
    """Train the outcome model (reaches the 3-month 定着 follow-up) from recorded placements."""
    from matching.suggestions.outcome import train_model
    from tsunagu.db import db

    report = train_model(db.session)
    db.session.commit()
    if report.version is None:
        click.echo(f"{report.note} — the engine keeps working without a model (cold start).")
    else:
        click.echo(
            f"model {report.version}: {report.size} placements, {report.positives} reached 3 months, "
            f"cross-validated AUC {report.cv_auc}"
        )
