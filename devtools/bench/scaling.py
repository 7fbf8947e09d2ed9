"""How search latency grows with the catalog: `tsunagu bench scaling --sizes 10000,100000,1000000 --db URL`.

Runs the search benchmark (app and raw SQL, same queries) on freshly generated catalogs of each size and
draws both p95 curves on a log-size axis (docs/img/search-scaling.png). Not part of docs/benchmarks.md, which
only `tsunagu bench all` writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PLOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "search-scaling.png"


def run_sizes(sizes: list[int], *, seed: int, database_url: str | None, reuse: bool = False) -> list[dict[str, Any]]:
    """The search benchmark at each size, each on its own fresh (or, with `reuse`, kept) database."""
    from devtools.bench import run_benchmark

    return [run_benchmark("search", size=size, seed=seed, database_url=database_url, reuse=reuse) for size in sizes]


def plot(results: list[dict[str, Any]], path: Path = PLOT) -> Path:
    """p50/p95 of app and raw SQL against catalog size (log axis); matplotlib is a dev dependency."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["size"] for r in results]
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=120)
    for key, label, style in (("app", "tsunagu search", "-o"), ("baseline", "raw SQL", "--s")):
        axes.plot(sizes, [r[key]["p95_ms"] for r in results], style, label=f"{label} p95")
        axes.plot(sizes, [r[key]["p50_ms"] for r in results], style, alpha=0.45, label=f"{label} p50")
    axes.set_xscale("log")
    axes.set_xlabel("services in the catalog")
    axes.set_ylabel("latency (ms)")
    axes.set_title(f"Search latency vs catalog size ({results[0]['db']}, {results[0]['machine']})")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path
