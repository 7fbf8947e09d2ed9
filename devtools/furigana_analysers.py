"""The bare analysers compared on the furigana sets, without tsunagu's rules (counters, weekdays, known names):
`python -m devtools.furigana_analysers [sudachi|sudachi-a|sudachi-b|fugashi ...] [--set NAME ...]`.

SudachiPy with sudachidict-core is a dependency (`sudachi` is its split mode C, the one the app uses; `sudachi-a`
and `sudachi-b` the shorter units); fugashi + unidic-lite are not (measure them from another virtualenv with the
project on PYTHONPATH). sudachidict-full and sudachidict-small cannot be compared here: their PyPI packages are
sources that download the dictionary from outside the registry when they are built. For each analyser and set it
prints the share of sentences exactly right under the ruby rule (`devtools.furigana_corpus.by_rule`, as the app
shows them), the share whose whole reading is right (cuts aside), and the load time, the memory the analyser added
to the process and its speed — how SudachiPy was chosen (issue 23)."""

from __future__ import annotations

import argparse
import re
import resource
import time
from collections.abc import Callable

from devtools.furigana_corpus import RUBY, SETS, by_rule, read_corpus
from i18n.readings import hiragana, split_okurigana

_KANJI = re.compile("[\u3400-\u9fff々]")
Analyse = Callable[[str], list[tuple[str, str]]]


def _sudachi(mode: str) -> Callable[[], Analyse]:
    def load() -> Analyse:
        from sudachipy import Dictionary, SplitMode

        tokenizer, split = Dictionary().tokenizer(), getattr(SplitMode, mode)
        return lambda text: [(m.surface(), m.reading_form()) for m in tokenizer.tokenize(text, split)]

    return load


def _fugashi() -> Analyse:
    import fugashi  # type: ignore[import-not-found]

    tagger = fugashi.Tagger()
    return lambda text: [(w.white_space + w.surface, getattr(w.feature, "kana", None) or "") for w in tagger(text)]


ANALYSERS: dict[str, Callable[[], Analyse]] = {
    "sudachi": _sudachi("C"),
    "sudachi-b": _sudachi("B"),
    "sudachi-a": _sudachi("A"),
    "fugashi": _fugashi,
}


def _annotate(words: list[tuple[str, str]]) -> str:
    out = []
    for surface, reading in words:
        kana = hiragana(reading)
        stripped = surface.lstrip()
        out.append(surface[: len(surface) - len(stripped)])
        if _KANJI.search(stripped) and kana and not _KANJI.search(kana) and kana != "きごう":
            out += [f"{{{b}|{r}}}" if r else b for b, r in split_okurigana(stripped, kana)]
        else:
            out.append(stripped)
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("analysers", nargs="*", choices=[[], *ANALYSERS], default=["sudachi"])
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(SETS), help="default: all but u6")
    args = parser.parse_args()
    sets = args.sets or [name for name in SETS if name != "u6"]
    for which in args.analysers:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        analyse = ANALYSERS[which]()
        analyse("子ども食堂")
        load = time.perf_counter() - started
        memory = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
        print(f"{which}: load {load:.2f} s, +{memory} MB")
        for name in sets:
            sentences = [by_rule(sentence) for sentence in read_corpus(SETS[name])]
            started = time.perf_counter()
            got = [by_rule(_annotate(analyse(RUBY.sub(r"\1", expected)))) for expected in sentences]
            speed = (time.perf_counter() - started) * 1000 / len(sentences)
            pairs = list(zip(got, sentences, strict=True))
            exact = sum(g == e for g, e in pairs)
            reading = sum(RUBY.sub(r"\2", g) == RUBY.sub(r"\2", e) for g, e in pairs)
            print(
                f"  {name}: {exact}/{len(sentences)} exact ({exact / len(sentences):.1%}), {reading}/{len(sentences)}"
                f" whole reading right ({reading / len(sentences):.1%}), {speed:.2f} ms/sentence"
            )


if __name__ == "__main__":
    main()
