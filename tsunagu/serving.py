"""What a long-running server process does once its app is loaded: gunicorn workers (deploy/gunicorn.conf.py)
and the benchmarks, which measure the app as it is served."""

from __future__ import annotations

import gc

GC_THRESHOLDS = (50_000, 20, 20)
"""Collect the youngest generation every 50 000 net allocations instead of CPython's 700."""


def settle_gc() -> None:
    """Freeze what start-up loaded (the app, templates, metadata, compiled statements) out of the cyclic
    collector's sight and make collections rare.

    Two reasons, both measured: a full collection walking the start-up objects was what set the map build's
    p95 (10 runs at 10 000 entries: p95 368 ms with the default settings, 219 ms with these; p50 217 / 214),
    and Debian 12's CPython 3.11.2 crashed workers with 4 threads (SIGSEGV while garbage-collecting in
    SQLAlchemy's row loading) in four load runs out of ten; none in the runs since. Reference counting still
    frees everything without cycles at once; what is frozen stays for the life of the process.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
