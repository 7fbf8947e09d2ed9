"""`tsunagu bench --reuse`: a generated database is kept and taken again, never regenerated on top of itself."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from devtools.bench import run_benchmark
from devtools.bench.common import generated_count, kept_database_url, prepared_app
from devtools.demo.bulk import GENERATOR_VERSION
from tests.conftest import fresh_postgres_or_skip

SIZE, SEED = 120, 3


@pytest.fixture
def base_url(request, tmp_path, monkeypatch):
    monkeypatch.setenv("TSUNAGU_INSTANCE_PATH", str(tmp_path / "instance"))
    if request.param == "sqlite":
        yield None
        return
    base = fresh_postgres_or_skip("reuse")
    kept = kept_database_url(base, SIZE, SEED)
    yield base
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # leave nothing behind on the shared server
        for url in (kept, base):
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[-1]}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize("base_url", ["sqlite", "postgresql"], indirect=True)
def test_a_second_run_takes_the_kept_database(base_url, tmp_path):
    first = run_benchmark("search", size=SIZE, seed=SEED, database_url=base_url, reuse=True)
    second = run_benchmark("search", size=SIZE, seed=SEED, database_url=base_url, reuse=True)
    assert (first["reused"], second["reused"]) == (False, True)
    url = kept_database_url(base_url, SIZE, SEED)
    assert url.endswith(f"bench_n{SIZE}_s{SEED}_g{GENERATOR_VERSION}" + (".db" if base_url is None else ""))
    if base_url is None:
        assert url.startswith(f"sqlite:///{tmp_path / 'instance' / 'bench'}")
    assert generated_count(url) == SIZE  # not generated twice
    # the same searches on the same rows: the same share of them finds something
    assert first["nonempty_share"] == second["nonempty_share"] and second["mismatches"] == 0


@pytest.mark.parametrize("base_url", ["sqlite"], indirect=True)
def test_a_kept_database_of_another_size_is_refused(base_url):
    url = kept_database_url(base_url, SIZE, SEED)
    prepared_app(url, SIZE, SEED)
    with pytest.raises(RuntimeError, match=f"holds {SIZE} generated services, not {SIZE + 1}"):
        prepared_app(url, SIZE + 1, SEED)
