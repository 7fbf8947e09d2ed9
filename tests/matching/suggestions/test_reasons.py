"""Reasons and exclusions in words: every code the engine emits has a rendering a coordinator can read aloud."""

from __future__ import annotations

import ast

from matching.engine import CONSTRAINTS, Reason
from matching.engine.scoring import WEIGHTS
from matching.suggestions.reasons import _RENDER, CONSTRAINT_LABELS, PART_LABELS, render_reason
from tests.paths import PROJECT

ENGINE = PROJECT / "matching" / "engine"


def _emitted_codes() -> set[str]:
    """Every literal first argument of Reason(...) in the engine's source."""
    codes = set()
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Reason" and node.args:
                if isinstance(node.args[0], ast.Constant):
                    codes.add(node.args[0].value)
    return codes


def test_every_code_has_words():
    assert _emitted_codes() <= set(_RENDER), _emitted_codes() - set(_RENDER)
    assert set(CONSTRAINTS) == set(CONSTRAINT_LABELS)
    assert set(WEIGHTS) == set(PART_LABELS)


def test_reasons_read_as_a_coordinator_would_say_them(app):
    with app.test_request_context("/?lang=ja"):
        held = Reason("held", {"weekday": 2, "date": "2026-11-25", "opens": "15:00", "closes": "19:00"})
        assert render_reason(held) == "水曜の15:00〜に開催（本人の都合に合う最初の日: 11月25日(水)）"
        assert render_reason(Reason("distance", {"km": 1.2})) == "自宅から1.2km"
        interest = Reason("interest", {"words": ["料理", "畑"], "found": ["料理", "家庭菜園"]})
        assert render_reason(interest) == "料理・畑が好き → 「料理・家庭菜園」あり"
        strength = Reason("strength", {"words": ["運転できる"], "found": ["送迎"]})
        assert render_reason(strength) == "運転できる → 「送迎」を求めている"
        assert render_reason(Reason("for_members", {"members": [1, 2], "ages": [10, 13]})) == "10歳・13歳の家族が対象"
        assert render_reason(Reason("free")) == "無料"
        assert render_reason(Reason("language", {"language": "pt-BR"})) == "Portuguêsで参加できる"
        assert render_reason(Reason("no-such-code")) == "no-such-code"  # never a crash on an unknown code
