"""Bad configuration gets one clear sentence and exit code 1, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import KODOMO_SHOKUDO
from tsunagu.checks import ConfigurationError, ensure_postgis

TSUNAGU = str(Path(sys.executable).with_name("tsunagu"))


def run_cli(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TSUNAGU_")}
    environment.update({"TSUNAGU_INSTANCE_PATH": str(tmp_path)}, **env)
    return subprocess.run(  # noqa: S603 - our own console script
        [TSUNAGU, *args], capture_output=True, text=True, env=environment, timeout=120, check=False
    )


def assert_clear_failure(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for phrase in phrases:
        assert phrase in output


def test_unreachable_database(tmp_path):
    result = run_cli("init-db", tmp_path=tmp_path, TSUNAGU_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:1/x")
    assert_clear_failure(result, "Cannot connect to the database", "TSUNAGU_DATABASE_URL")


@pytest.mark.parametrize(
    ("url", "phrase"),
    [("not a url", "not a database URL"), ("mysql://root@localhost/test", "Unsupported database")],
)
def test_malformed_or_unsupported_url(tmp_path, url, phrase):
    assert_clear_failure(run_cli("init-db", tmp_path=tmp_path, TSUNAGU_DATABASE_URL=url), phrase)


def test_spatialite_missing_names_the_debian_package(tmp_path):
    result = run_cli("init-db", tmp_path=tmp_path, SPATIALITE_LIBRARY_PATH=str(tmp_path / "no" / "mod_spatialite"))
    assert_clear_failure(result, "SpatiaLite", "apt-get install libsqlite3-mod-spatialite")


def test_serving_an_uninitialised_database_says_what_to_run(tmp_path):
    assert_clear_failure(run_cli("serve", "--port", "5999", tmp_path=tmp_path), "tsunagu init-db")


def test_init_db_creates_and_reruns_cleanly(tmp_path):
    first = run_cli("init-db", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Database ready (sqlite)" in first.stdout
    again = run_cli("init-db", tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr


class _ConnectionWithoutPostgis:
    """A PostgreSQL server answering that PostGIS is neither installed nor available."""

    def execute(self, _statement):  # noqa: ANN001
        return self

    def scalar(self):
        return None


def test_missing_postgis_names_the_debian_package():
    with pytest.raises(ConfigurationError, match="postgresql-15-postgis-3"):
        ensure_postgis(_ConnectionWithoutPostgis())


def test_init_db_seeds_the_taxonomy_so_imports_get_their_kind(tmp_path):
    assert run_cli("init-db", tmp_path=tmp_path).returncode == 0
    data = KODOMO_SHOKUDO / "tokyo"
    imported = run_cli("import", "kodomo-shokudo", str(data / "131059_bunkyo_kodomosyokudo.csv"), tmp_path=tmp_path)
    assert imported.returncode == 0, imported.stderr
    exported = run_cli("export", "kodomo-shokudo", str(tmp_path / "out.csv"), tmp_path=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "Exported 7 " in exported.stdout


def test_bench_all_with_an_unreachable_database_fails_before_benchmarking(tmp_path):
    report = tmp_path / "benchmarks.md"
    result = run_cli(
        "bench",
        "all",
        "--size",
        "100",
        "--db",
        "postgresql+psycopg://postgres:pw@127.0.0.1:1/x",
        "--report",
        str(report),
        tmp_path=tmp_path,
    )
    assert_clear_failure(result, "Cannot create a benchmark database", "postgres:***@127.0.0.1:1/x")
    assert "pw@" not in result.stdout + result.stderr
    assert "[1/" not in result.stderr  # nothing generated on SQLite first
    assert not report.exists()
