"""The admin import page through the Flask client with real files: upload → preview → confirm (both DBs)."""

from __future__ import annotations

import io
import re
import tracemalloc
import uuid
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry, FinishedJobRegistry
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from directory.imports import uploads
from directory.imports.jobs import import_worker_command
from directory.models import ImportRun, Service
from tests.directory.imports.workbooks import write_workbook
from tests.factories import make_user
from tests.helpers import csrf_token, login
from tests.tsunagu.test_shared_cache import redis_url  # noqa: F401 - the fixture: Redis, or skip
from tsunagu.models import Role

DATA = Path(__file__).resolve().parents[1] / "directory" / "data"
SAMPLE = DATA / "kayoinoba_sample.csv"


def _services(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Service)) or 0


@pytest.fixture
def admin(client, db_session):
    user = make_user(db_session, Role.ADMIN)
    assert login(client, user.email).status_code == 302
    return user


def _post(client, path: str, **data):
    """POST a form on `path` with the CSRF token of that page."""
    return client.post(path, data={"csrf_token": csrf_token(client, path.rsplit("/", 1)[0]), **data})


def _upload(client, content: bytes, name: str, fmt: str = ""):
    token = csrf_token(client, "/admin/imports")
    data = {"csrf_token": token, "format": fmt, "file": (io.BytesIO(content), name)}
    return client.post("/admin/imports", data=data, content_type="multipart/form-data")


def _token(response) -> str:
    match = re.search(r"/admin/imports/([A-Za-z0-9_-]+)$", response.headers["Location"])
    assert match, response.headers.get("Location")
    return match.group(1)


def _uploads(app) -> list[Path]:
    return sorted((Path(app.instance_path) / "imports").glob("*.upload"))


def test_upload_preview_then_confirm_writes_the_entries(app, client, db_session, admin):
    before = _services(db_session)
    response = _upload(client, SAMPLE.read_bytes(), "kayoinoba_sample.csv")
    assert response.status_code == 302
    token = _token(response)
    preview = client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert "通いの場（厚生労働省）" in preview and "列名から自動判定" in preview and "cp932" in preview
    assert "新規: 5 件" in preview and "常盤平いきいき体操会" in preview and "位置未設定" in preview
    assert _services(db_session) == before  # the preview is a dry run
    confirm = client.post(
        f"/admin/imports/{token}/confirm", data={"csrf_token": csrf_token(client, f"/admin/imports/{token}")}
    )
    assert confirm.status_code == 302
    assert _services(db_session) == before + 5
    run = db_session.scalar(select(ImportRun).order_by(ImportRun.id.desc()))
    assert (run.format, run.user_id, run.files, run.created) == ("kayoinoba", admin.id, ["kayoinoba_sample.csv"], 5)
    assert not [p for p in _uploads(app) if p.stem == token]  # the upload is cleaned up
    listing = client.get("/admin/imports").get_data(as_text=True)
    assert "取り込みました: 新規 5 件" in listing and "kayoinoba_sample.csv" in listing


def test_row_errors_are_listed_and_all_or_nothing_unless_skipping(client, db_session, admin):
    bad = SAMPLE.read_bytes().replace("１３：００".encode("cp932"), b"16:00")
    token = _token(_upload(client, bad, "kayoinoba_bad.csv", "kayoinoba"))
    preview = client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert (
        "問題のある行（1 件）" in preview
        and "運営日（平日）－開始" in preview
        and "終了時刻が開始時刻より前です" in preview
    )
    assert "新規: 4 件" in preview
    before = _services(db_session)
    refused = client.post(
        f"/admin/imports/{token}/confirm", data={"csrf_token": csrf_token(client, f"/admin/imports/{token}")}
    )
    assert refused.status_code == 400 and "何も取り込みませんでした" in refused.get_data(as_text=True)
    assert _services(db_session) == before
    skipped = _post(client, f"/admin/imports/{token}/confirm", skip_invalid="y")
    assert skipped.status_code == 302 and _services(db_session) == before + 4


NOT_TABLES = [
    (bytes(range(256)) * 64, "テキスト（CSV）でも xlsx でもない"),
    ("氏名,電話\n山田,03\n".encode(), "の項目ではありません"),
]


@pytest.mark.parametrize(("content", "message"), NOT_TABLES)
def test_a_file_that_is_not_a_table_cannot_be_confirmed(client, db_session, admin, content, message):
    token = _token(_upload(client, content, "junk.csv"))
    preview = client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert message in preview and "取り込む</button>" not in preview
    before = _services(db_session)
    _post(client, f"/admin/imports/{token}/confirm")
    assert _services(db_session) == before


def test_too_large_upload_is_refused_and_not_kept(app, client, db_session, admin):
    app.config["TSUNAGU_UPLOAD_MAX_BYTES"] = 100 * 1024  # small, so the test client keeps the body in memory
    try:
        kept = set(_uploads(app))
        response = _upload(client, b"a,b\n" * 60_000, "big.csv")
        assert response.status_code == 400 and "ファイルが大きすぎます（上限 0.098 MB）" in response.get_data(
            as_text=True
        )
        assert set(_uploads(app)) == kept
    finally:
        del app.config["TSUNAGU_UPLOAD_MAX_BYTES"]


def test_discard_removes_the_upload(app, client, db_session, admin):
    token = _token(_upload(client, SAMPLE.read_bytes(), "kayoinoba_sample.csv"))
    response = client.post(
        f"/admin/imports/{token}/discard", data={"csrf_token": csrf_token(client, f"/admin/imports/{token}")}
    )
    assert response.status_code == 302
    assert client.get(f"/admin/imports/{token}").status_code == 404
    assert not [p for p in _uploads(app) if p.stem == token]


def test_a_token_cannot_name_another_file(client, db_session, admin):
    assert client.get("/admin/imports/..%2F..%2Fsecret_key").status_code == 404
    assert client.get("/admin/imports/short").status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.GROUP])
def test_only_admins_may_upload(client, db_session, role):
    login(client, make_user(db_session, role).email)
    token = csrf_token(client, "/")
    data = {"csrf_token": token, "file": (io.BytesIO(SAMPLE.read_bytes()), "kayoinoba_sample.csv")}
    response = client.post("/admin/imports", data=data, content_type="multipart/form-data")
    assert response.status_code == 403


@pytest.fixture(scope="module")
def long_workbook(tmp_path_factory) -> bytes:
    rows = (["名称", "住所", "ID"], *([f"子ども食堂{n}", "松戸市", str(n)] for n in range(200_000)))
    return write_workbook(tmp_path_factory.mktemp("long") / "long.xlsx", rows).read_bytes()


def test_a_200_000_row_upload_is_refused_before_it_is_read_with_flat_memory(
    app, client, db_session, admin, long_workbook
):
    content = long_workbook
    # encoded here, in memory: the test client would spool a body this large to a file it never closes
    fields = {
        "csrf_token": csrf_token(client, "/admin/imports"),
        "format": "",
        "file": FileStorage(io.BytesIO(content), "l.xlsx"),
    }
    boundary, body = encode_multipart(fields)
    kept = set(_uploads(app))
    tracemalloc.start()
    try:
        response = client.post("/admin/imports", data=body, content_type=f"multipart/form-data; boundary={boundary}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "行数が多すぎます（50,000 行を超えています）" in response.get_data(as_text=True), re.findall(
        r"<main.*?</main>", response.get_data(as_text=True), re.S
    )
    assert peak < 8 * 1024 * 1024  # the old preview took 1.1 GB more for such a file (0.7 MB measured here)
    assert set(_uploads(app)) == kept


def test_the_preview_pages_through_the_stored_parse_not_the_file(app, client, db_session, admin, monkeypatch):
    monkeypatch.setattr(uploads, "PAGE_ROWS", 2)
    token = _token(_upload(client, SAMPLE.read_bytes(), "kayoinoba_sample.csv"))
    (Path(app.instance_path) / "imports" / f"{token}.upload").unlink()  # the page must not need the file again
    first = client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert "新規: 5 件" in first and "cp932" in first and "（1 / 3 ページ）" in first
    assert first.count("<tr>\n    <td>") == 2 and f"/admin/imports/{token}?page=2" in first
    last = client.get(f"/admin/imports/{token}?page=3").get_data(as_text=True)
    assert last.count("<tr>\n    <td>") == 1 and "（3 / 3 ページ）" in last and "次へ" not in last
    assert client.get(f"/admin/imports/{token}?page=99").status_code == 200
    assert "取り込む</button>" not in last  # nothing left to import from


@pytest.mark.parametrize("redis", [None, "redis://127.0.0.1:1/0"], ids=["unset", "unreachable"])
def test_a_large_file_without_a_worker_is_refused_with_the_reason(app, client, db_session, admin, redis):
    assert "TSUNAGU_REDIS_URL is not set" in app.test_cli_runner().invoke(import_worker_command, ["--burst"]).output
    configured = app.config["TSUNAGU_REDIS_URL"]
    app.config.update(TSUNAGU_IMPORT_INLINE_ROWS=2, TSUNAGU_REDIS_URL=redis)
    try:
        kept = set(_uploads(app))
        response = _upload(client, SAMPLE.read_bytes(), "kayoinoba_sample.csv")
        assert response.status_code == 400
        assert "2 行を超えるファイルはバックグラウンドで読み取りますが" in response.get_data(as_text=True)
        assert set(_uploads(app)) == kept
    finally:
        del app.config["TSUNAGU_IMPORT_INLINE_ROWS"]
        app.config["TSUNAGU_REDIS_URL"] = configured


@pytest.fixture
def worker(app, redis_url):  # noqa: F811 - the imported fixture
    """Large-file settings on a queue of this test's own; `worker()` runs `tsunagu import-worker --burst`."""
    queue = f"tsunagu-imports-test-{uuid.uuid4().hex}"
    configured = app.config["TSUNAGU_REDIS_URL"]
    app.config.update(TSUNAGU_IMPORT_INLINE_ROWS=2, TSUNAGU_REDIS_URL=redis_url, TSUNAGU_IMPORT_QUEUE=queue)
    connection = Redis.from_url(redis_url)

    def work() -> None:
        result = app.test_cli_runner().invoke(import_worker_command, ["--burst"])
        assert result.exit_code == 0, result.output

    yield work
    for registry in (FinishedJobRegistry, FailedJobRegistry):
        jobs = registry(queue, connection=connection)
        for job_id in jobs.get_job_ids():
            jobs.remove(job_id, delete_job=True)
    Queue(queue, connection=connection).delete(delete_jobs=True)
    app.config.pop("TSUNAGU_IMPORT_INLINE_ROWS")
    app.config.pop("TSUNAGU_IMPORT_QUEUE")
    app.config["TSUNAGU_REDIS_URL"] = configured


def test_a_large_file_is_read_and_imported_in_the_background(app, client, db_session, admin, worker):
    before = _services(db_session)
    token = _token(_upload(client, SAMPLE.read_bytes(), "kayoinoba_sample.csv"))
    waiting = client.get(f"/admin/imports/{token}")
    assert waiting.headers["Refresh"] == "2" and "バックグラウンドで読み取っています" in waiting.get_data(as_text=True)
    assert client.get(f"/admin/imports/{token}/status").json == {
        "step": "parse",
        "state": "queued",
        "done": 0,
        "total": 0,
        "parsed": False,
        "imported": False,
        "summary": None,
    }
    worker()
    preview = client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert "新規: 5 件" in preview and "常盤平いきいき体操会" in preview
    assert client.get(f"/admin/imports/{token}/status").json["parsed"] is True
    assert _services(db_session) == before  # reading is a dry run
    confirm = _post(client, f"/admin/imports/{token}/confirm")
    assert confirm.status_code == 302 and confirm.headers["Location"].endswith(f"/admin/imports/{token}")
    assert "バックグラウンドで取り込んでいます" in client.get(f"/admin/imports/{token}").get_data(as_text=True)
    worker()
    status = client.get(f"/admin/imports/{token}/status").json
    assert (status["step"], status["state"], status["done"], status["total"]) == ("import", "finished", 5, 5)
    assert status["imported"] is True
    assert {k: status["summary"][k] for k in ("files", "rows", "created", "updated", "errors")} == {
        "files": 1,
        "rows": 5,
        "created": 5,
        "updated": 0,
        "errors": [],
    }
    done = client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert "取り込みました: 新規 5 件" in done and "取り込む</button>" not in done
    assert _services(db_session) == before + 5
    assert not [p for p in _uploads(app) if p.stem == token]  # the file goes once imported


def test_a_background_import_with_row_problems_writes_nothing_until_told_to_skip(client, db_session, admin, worker):
    bad = SAMPLE.read_bytes().replace("１３：００".encode("cp932"), b"16:00")
    token = _token(_upload(client, bad, "kayoinoba_bad.csv", "kayoinoba"))
    worker()
    before = _services(db_session)
    _post(client, f"/admin/imports/{token}/confirm")
    worker()
    refused = client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert "何も取り込みませんでした" in refused and "取り込む</button>" in refused
    assert _services(db_session) == before
    _post(client, f"/admin/imports/{token}/confirm", skip_invalid="y")
    worker()
    assert "取り込みました: 新規 4 件" in client.get(f"/admin/imports/{token}").get_data(as_text=True)
    assert _services(db_session) == before + 4


def test_a_large_file_is_not_imported_when_the_worker_went_away(app, client, db_session, admin, worker):
    token = _token(_upload(client, SAMPLE.read_bytes(), "kayoinoba_sample.csv"))
    worker()
    redis = app.config["TSUNAGU_REDIS_URL"]
    app.config["TSUNAGU_REDIS_URL"] = None
    try:
        before = _services(db_session)
        response = _post(client, f"/admin/imports/{token}/confirm")
        assert response.status_code == 302
        page = client.get(f"/admin/imports/{token}").get_data(as_text=True)
        assert "バックグラウンド処理が、いまは使えません" in page and "新規: 5 件" in page
        assert _services(db_session) == before
    finally:
        app.config["TSUNAGU_REDIS_URL"] = redis


REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def test_the_preview_lists_ignored_columns_and_changes_it_will_not_make(client, db_session, admin):
    """Issue #20: the summary's ignored_columns and warnings (an update that would blank a stored value)."""
    name = "172120_nonoichi_public_facility.csv"
    data = (REAL / name).read_bytes()
    assert _post(client, f"/admin/imports/{_token(_upload(client, data, name))}/confirm").status_code == 302
    park = db_session.scalar(select(Service).where(Service.name == "野々市中央公園"))
    phone = park.phone
    assert phone and phone.encode() in data
    blanked = data.replace(phone.encode(), b"", 1)
    preview = client.get(f"/admin/imports/{_token(_upload(client, blanked, name))}").get_data(as_text=True)
    ignored = preview.split('class="queue ignored-columns"', 1)[1].split("</table>", 1)[0]
    assert "<td>_id</td>" in ignored
    warnings = preview.split('class="queue row-warnings"', 1)[1].split("</table>", 1)[0]
    assert "<td>2</td><td>phone</td>" in warnings and phone in warnings and "空にする変更" in warnings
