"""The bare analysers compared on the furigana corpus, without tsunagu's rules (counters, weekdays, known names):
`python -m devtools.furigana_analysers sudachi|fugashi`. SudachiPy is a dependency; fugashi + unidic-lite are not
(measure them from another virtualenv with the project on PYTHONPATH). Prints exact-sentence accuracy, the share
of sentences whose whole reading is right (segmentation aside), load time, memory and speed — how SudachiPy was
chosen (issue 23)."""

from __future__ import annotations

import re
import resource
import sys
import time
from collections.abc import Callable

from devtools.furigana_corpus import CORPUS, RUBY, read_corpus
from i18n.readings import hiragana, split_okurigana

_KANJI = re.compile("[\u3400-\u9fff々]")


def _sudachi() -> Callable[[str], list[tuple[str, str]]]:
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary().tokenizer()
    return lambda text: [(m.surface(), m.reading_form()) for m in tokenizer.tokenize(text, SplitMode.C)]


def _fugashi() -> Callable[[str], list[tuple[str, str]]]:
    import fugashi  # type: ignore[import-not-found]

    tagger = fugashi.Tagger()
    return lambda text: [(w.white_space + w.surface, getattr(w.feature, "kana", None) or "") for w in tagger(text)]


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
    which = sys.argv[1] if len(sys.argv) > 1 else "sudachi"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    analyse = {"sudachi": _sudachi, "fugashi": _fugashi}[which]()
    analyse("子ども食堂")
    load = time.perf_counter() - started
    sentences = read_corpus(CORPUS) + read_corpus(CORPUS.with_name("furigana_unseen.tsv"))
    started = time.perf_counter()
    got = [_annotate(analyse(RUBY.sub(r"\1", expected))) for expected in sentences]
    speed = (time.perf_counter() - started) * 1000 / len(sentences)
    exact = sum(g == e for g, e in zip(got, sentences, strict=True))
    reading = sum(RUBY.sub(r"\2", g) == RUBY.sub(r"\2", e) for g, e in zip(got, sentences, strict=True))
    memory = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
    print(
        f"{which}: {exact}/{len(sentences)} exact ({exact / len(sentences):.1%}), {reading}/{len(sentences)} whole "
        f"reading right ({reading / len(sentences):.1%}); load {load:.2f} s, +{memory} MB, {speed:.2f} ms/sentence"
    )


if __name__ == "__main__":
    main()
