"""Furigana accuracy on a corpus: `python -m devtools.furigana_corpus [CORPUS.tsv | --set NAME] [--names CSV] [-v]`.

The corpus (default tests/i18n/furigana_corpus.tsv) has one sentence a line, `source<TAB>sentence`, every kanji word
written `{base|reading}`. The names and カナ of the 子ども食堂 open data (default
../shared/data/kodomo-shokudo/tokyo-merged-geocoded.csv: 名称, 名称_カナ) are loaded as known names first, as the
app loads its catalog's. Prints the share of sentences whose furigana are exactly right, and each miss with -v.

The names with a カナ of the real files in tests/data/real (名称_カナ, 名称(カナ), 名称カナ of the 子ども食堂,
公共施設 and イベント files: the catalog holds them once those files are imported) are loaded too; `--names`
replaces the Tokyo file.

Sets (`--set`): `corpus` (the default), `u1`, `u2` and `u3` (unseen sentences of real entries, now development sets:
each was held out until it was measured once and its misses fixed) and `u4` (held out: expected readings written by
hand before it was ever measured; do not tune on it). Beside the exact
score it prints the share right when word boundaries are ignored ({大|だい}{歓迎|かんげい} = {大歓迎|だいかんげい}):
a reader sees the same furigana either way.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from i18n.readings import segments, set_user_readings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "i18n" / "furigana_corpus.tsv"
SETS = {
    "corpus": CORPUS,
    "u1": ROOT / "tests" / "i18n" / "furigana_u1.tsv",
    "u2": ROOT / "tests" / "i18n" / "furigana_u2.tsv",
    "u3": ROOT / "tests" / "i18n" / "furigana_u3.tsv",
    "u4": ROOT / "tests" / "i18n" / "furigana_u4.tsv",
}
NAMES = ROOT.parent / "shared" / "data" / "kodomo-shokudo" / "tokyo-merged-geocoded.csv"
REAL = ROOT / "tests" / "data" / "real"
KANA_COLUMNS = ("名称_カナ", "名称(カナ)", "名称カナ")
RUBY = re.compile(r"\{([^|{}]*)\|([^{}]*)\}")
"""{base|reading} in the corpus notation."""
ADJACENT = re.compile(r"\{([^|{}]*)\|([^{}]*)\}\{([^|{}]*)\|([^{}]*)\}")


@dataclass(frozen=True)
class Result:
    total: int
    misses: list[tuple[str, str]]
    """(expected, got) in the corpus notation."""

    @property
    def accuracy(self) -> float:
        return (self.total - len(self.misses)) / self.total if self.total else 0.0

    @property
    def reading_misses(self) -> list[tuple[str, str]]:
        """The misses that remain when word boundaries are ignored (a wrong reading, not a different cut)."""
        return [(expected, got) for expected, got in self.misses if merged(expected) != merged(got)]

    @property
    def reading_accuracy(self) -> float:
        return (self.total - len(self.reading_misses)) / self.total if self.total else 0.0


def merged(annotated: str) -> str:
    """Adjacent ruby joined into one: {大|だい}{歓迎|かんげい} → {大歓迎|だいかんげい}."""
    while True:
        joined = ADJACENT.sub(r"{\1\3|\2\4}", annotated)
        if joined == annotated:
            return annotated
        annotated = joined


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
    return "".join(f"{{{base}|{reading}}}" if reading else base for base, reading in segments(text))


def evaluate(sentences: list[str]) -> Result:
    misses = []
    for expected in sentences:
        got = annotate(RUBY.sub(r"\1", expected))
        if got != expected:
            misses.append((expected, got))
    return Result(len(sentences), misses)


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
    right = result.total - len(result.reading_misses)
    print(f"{right}/{result.total} right with word boundaries ignored ({result.reading_accuracy:.1%})")


if __name__ == "__main__":
    main()
