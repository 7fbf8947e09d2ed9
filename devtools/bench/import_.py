"""`tsunagu bench import --size N`: import a synthetic 49-column 子ども食堂 CSV into an empty database.

The file: N rows in the standard layout, reproducible from the seed, spread over the Kanto municipalities
of the demo generator (real 全国地方公共団体コード), with schedules, fees per age band, coordinates and a
share of private homes, as real files have. The app: `directory.imports.run.run_import` + commit, the same
call the CLI makes. The baseline, in the same run on the same database: the floor any importer has — read
the same CSV with the csv module and write its raw 49 text cells per row into a scratch table (COPY on
PostgreSQL, executemany on SQLite), then drop it. Both are timed once each (p50 = p95 = the run).
`cpu_seconds` is this process's CPU time for the import (on PostgreSQL the server's share is not in it): on a
shared machine it says more than the wall clock.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Column, MetaData, Table, Text, func, insert, select

from devtools.bench.common import result
from directory.formats.kodomo_shokudo.layout import FIELDS

HEADER = [japanese for japanese, _aliases in FIELDS.values()]
WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日", "月水金", "火木")
DATES = ("", "", "毎月第2・4水曜日", "第1土曜日", "毎週", "不定期", "毎月第3日曜日")
FEES = ("0", "無料", "100", "300", "300円", "無料（カンパ制）", "")


def write_csv(path: Path, size: int, seed: int) -> None:
    """The synthetic file: same seed, same bytes."""
    from devtools.demo.bulk import MUNICIPALITIES

    rng = random.Random(f"bench-import:{seed}")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n in range(1, size + 1):
            city = MUNICIPALITIES[n % len(MUNICIPALITIES)]
            start = rng.choice((10, 11, 15, 16, 17))
            home = rng.random() < 0.05
            lat = round(city.lat + rng.uniform(-0.03, 0.03), 6)
            lon = round(city.lon + rng.uniform(-0.03, 0.03), 6)
            row = {
                "municipality_code": city.code,
                "source_id": str(n),
                "prefecture": city.prefecture,
                "city": city.city,
                "name": f"{city.city}{rng.choice(('みんなの', 'にこにこ', 'ひだまり'))}食堂{n}",
                "name_kana": f"ショクドウ{n}",
                "address": f"{city.prefecture}{city.city}本町{rng.randint(1, 5)}-{n % 30 + 1}",
                "building": "山田様方" if home else rng.choice(("", "公民館2階", "集会所")),
                "lat": "" if rng.random() < 0.03 else str(lat),
                "lon": "" if rng.random() < 0.03 else str(lon),
                "phone": f"03-0000-{n % 10000:04d}",
                "organization_name": f"つなぐ会{n // 3}",
                "frequency": rng.choice(("1", "2", "5")),
                "weekdays": rng.choice(WEEKDAYS),
                "dates": rng.choice(DATES),
                "start_time": f"{start}:00",
                "end_time": f"{start + 2}:00",
                "fee_preschool": rng.choice(FEES),
                "fee_elementary": rng.choice(FEES),
                "fee_adult": rng.choice(FEES),
                "reservation": rng.choice(("不要", "電話", "メール")),
                "capacity": str(rng.randint(10, 80)),
            }
            if row["lat"] == "" or row["lon"] == "":
                row["lat"] = row["lon"] = ""
            writer.writerow([row.get(field_name, "") for field_name in FIELDS])


def _baseline(conn: Any, path: Path) -> float:
    """Seconds to read the CSV and write its raw cells into a scratch table (then dropped)."""
    from devtools.demo.bulk import copy_rows_postgresql

    table = Table("bench_raw_import", MetaData(), *(Column(f"c{i}", Text) for i in range(len(HEADER))))
    table.create(conn)
    try:
        started = time.perf_counter()
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            rows = [{f"c{i}": cell for i, cell in enumerate(cells)} for cells in reader]
        for chunk in range(0, len(rows), 5000):
            part = rows[chunk : chunk + 5000]
            if conn.dialect.name == "postgresql":
                copy_rows_postgresql(conn, table, part)
            else:
                conn.execute(insert(table), part)
        if conn.scalar(select(func.count()).select_from(table)) != len(rows):
            raise RuntimeError("baseline lost rows")
        return time.perf_counter() - started
    finally:
        table.drop(conn)


def run(url: str, size: int, seed: int) -> dict[str, Any]:
    """Time the import of a synthetic `size`-row file into an empty migrated database beside the baseline."""
    from flask_migrate import upgrade

    from directory.catalog.taxonomy import ensure_taxonomy
    from directory.imports.run import run_import
    from tsunagu import create_app
    from tsunagu.db import db

    folder = Path(tempfile.mkdtemp(prefix="tsunagu-bench-import-"))
    path = folder / "bench_kodomo_shokudo.csv"
    write_csv(path, size, seed)
    file_mb = round(path.stat().st_size / 1e6, 1)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        try:
            upgrade(directory=app.extensions["migrate"].directory)
            ensure_taxonomy(db.session)
            db.session.commit()
            started, cpu_started = time.perf_counter(), time.process_time()
            summary = run_import(db.session, "kodomo-shokudo", [path])
            db.session.commit()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            with db.engine.begin() as conn:
                baseline = _baseline(conn, path)
            dialect = db.engine.dialect.name
        finally:
            db.session.remove()
            db.engine.dispose()
            path.unlink(missing_ok=True)
    ms, base_ms = round(seconds * 1000, 1), round(baseline * 1000, 1)
    return result(
        "import",
        size,
        dialect,
        {"p50_ms": ms, "p95_ms": ms},
        {"p50_ms": base_ms, "p95_ms": base_ms},
        "raw-copy",
        seconds=round(seconds, 1),
        cpu_seconds=round(cpu, 1),
        rows_per_second=round(size / seconds),
        created=summary.created,
        errors=len(summary.errors),
        file_mb=file_mb,
    )
