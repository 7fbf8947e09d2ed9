"""Furigana accuracy on a corpus: `python -m devtools.furigana_corpus [CORPUS.tsv | --set NAME] [--names CSV] [-v]`.

The corpus (default tests/i18n/furigana_corpus.tsv) has one sentence a line, `source<TAB>sentence`, every kanji word
written `{base|reading}`. The names and カナ of the 子ども食堂 open data (default
../shared/data/kodomo-shokudo/tokyo-merged-geocoded.csv: 名称, 名称_カナ) are loaded as known names first, as the
app loads its catalog's. Prints the share of sentences whose furigana are exactly right, and each miss with -v.

The names with a カナ of the real files in tests/data/real (名称_カナ, 名称(カナ), 名称カナ of the 子ども食堂,
公共施設 and イベント files: the catalog holds them once those files are imported) are loaded too; `--names`
replaces the Tokyo file.

Sets (`--set`): `corpus` (the default), `u1` … `u5` (unseen sentences of real entries and UI messages, now
development sets: each was held out until it was measured once and its misses fixed) and `u6` (held out: expected
readings written by hand before it was ever measured; do not tune on it). Beside the exact
score it prints the share right when word boundaries are ignored ({大|だい}{歓迎|かんげい} = {大歓迎|だいかんげい}):
a reader sees the same furigana either way.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from i18n.readings import join_touching, segments, set_user_readings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "i18n" / "furigana_corpus.tsv"
SETS = {
    "corpus": CORPUS,
    "u1": ROOT / "tests" / "i18n" / "furigana_u1.tsv",
    "u2": ROOT / "tests" / "i18n" / "furigana_u2.tsv",
    "u3": ROOT / "tests" / "i18n" / "furigana_u3.tsv",
    "u4": ROOT / "tests" / "i18n" / "furigana_u4.tsv",
    "u5": ROOT / "tests" / "i18n" / "furigana_u5.tsv",
    "u6": ROOT / "tests" / "i18n" / "furigana_u6.tsv",
}
NAMES = ROOT.parent / "shared" / "data" / "kodomo-shokudo" / "tokyo-merged-geocoded.csv"
REAL = ROOT / "tests" / "data" / "real"
KANA_COLUMNS = ("名称_カナ", "名称(カナ)", "名称カナ")
RUBY = re.compile(r"\{([^|{}]*)\|([^{}]*)\}")
"""{base|reading} in the corpus notation."""
RUBY_OR_TEXT = re.compile(r"\{([^|{}]*)\|([^{}]*)\}|([^{]+)")


@dataclass(frozen=True)
class Result:
    total: int
    misses: list[tuple[str, str]]
    """(expected, got) in the corpus notation, both under the ruby rule (`by_rule`): the sentences not exactly
    right."""
    as_written: int
    """How many sentences come out exactly as annotated, word cuts included (before the ruby rule)."""

    @property
    def accuracy(self) -> float:
        return (self.total - len(self.misses)) / self.total if self.total else 0.0


def by_rule(annotated: str) -> str:
    """The sentence cut as the ruby rule says (`i18n.readings`): touching ruby are one,
    {大|だい}{歓迎|かんげい} → {大歓迎|だいかんげい}."""
    pieces = [piece for piece in RUBY_OR_TEXT.findall(annotated)]
    segments = [(base, reading) if base else (text, "") for base, reading, text in pieces]
    return notation(join_touching(segments))


def notation(pieces: Iterable[tuple[str, str]]) -> str:
    return "".join(f"{{{base}|{reading}}}" if reading else base for base, reading in pieces)


def read_corpus(path: Path = CORPUS) -> list[str]:
    """The annotated sentences (comments and blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] for line in lines if line.strip() and not line.startswith("#")]


def load_names(path: Path = NAMES) -> int:
    """The open data's 名称 with its カナ (of `path` and of the real files) as known names; how many the analyser
    would have read otherwise."""
    pairs: list[tuple[str, str | None]] = []
    for source in (path, *sorted(REAL.glob("*.csv"))):
        if not source.exists():
            continue
        with source.open(encoding="utf-8-sig", errors="replace", newline="") as file:
            for row in csv.DictReader(file):
                kana = next((row[column] for column in KANA_COLUMNS if row.get(column)), None)
                pairs.append((row.get("名称") or "", kana))
    return set_user_readings(pairs)


def annotate(text: str) -> str:
    return notation(segments(text))


def evaluate(sentences: list[str]) -> Result:
    misses = []
    as_written = 0
    for expected in sentences:
        got = annotate(RUBY.sub(r"\1", expected))
        as_written += got == expected
        if by_rule(got) != by_rule(expected):
            misses.append((by_rule(expected), by_rule(got)))
    return Result(len(sentences), misses, as_written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=None)
    parser.add_argument("--set", choices=sorted(SETS), default="corpus", help="a named set (default: corpus)")
    parser.add_argument("--names", type=Path, default=NAMES)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    load_names(args.names)
    result = evaluate(read_corpus(args.corpus or SETS[args.set]))
    if args.verbose:
        for expected, got in result.misses:
            print(f"expected {expected}\n     got {got}")
    print(f"{result.total - len(result.misses)}/{result.total} sentences exactly right ({result.accuracy:.1%})")
    share = result.as_written / result.total if result.total else 0.0
    print(f"{result.as_written}/{result.total} exactly as annotated, word cuts included ({share:.1%})")


if __name__ == "__main__":
    main()
