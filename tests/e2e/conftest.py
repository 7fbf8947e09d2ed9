"""A live tsunagu server on the demo town and Debian's Chromium driven by Playwright.

Playwright never downloads a browser here: it drives /usr/bin/chromium (Debian package `chromium`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.factories import make_service

CHROMIUM = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
TSUNAGU = str(Path(sys.executable).with_name("tsunagu"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`tsunagu init-db --demo` then `tsunagu serve` on a free port, as `make run` does."""
    instance = tmp_path_factory.mktemp("e2e-instance")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSUNAGU_")}
    env["TSUNAGU_INSTANCE_PATH"] = str(instance)
    # every browser test signs in from 127.0.0.1: the real limits (10 sign-ins a minute) would lock the later
    # tests out once enough journeys run; tests/tsunagu/test_limits.py checks the limits themselves
    env["TSUNAGU_RATE_LOGIN"] = env["TSUNAGU_RATE_FORMS"] = "10000 per minute"
    subprocess.run([TSUNAGU, "init-db", "--demo"], env=env, check=True, capture_output=True, timeout=300)  # noqa: S603
    port = _free_port()
    log = (instance / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [TSUNAGU, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/login", timeout=2):  # noqa: S310 - our own loopback server
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"server did not start: {(instance / 'server.log').read_text()}") from None
            time.sleep(0.2)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    try:
        yield page
    finally:
        context.close()


def screenshot(page: object, name: str) -> Path:
    """Save a full-page screenshot under tests/e2e/artifacts/ (ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


@pytest.fixture
def live_db(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A session on the live server's database; what a test adds is archived afterwards (off every page)."""
    from tsunagu import create_app
    from tsunagu.db import db

    files = sorted(Path(tmp_path_factory.getbasetemp()).glob("e2e-instance*/tsunagu.db"))
    assert files, "the live server's database was not found"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{files[-1]}"})
    with app.app_context():
        session = db.session
        added: list[object] = []
        session.info["added"] = added
        try:
            yield session
        finally:
            from directory.models import EntryStatus

            session.rollback()
            for service in added:
                service.status = EntryStatus.ARCHIVED  # type: ignore[attr-defined]
            session.commit()
            db.session.remove()
            db.engine.dispose()


def add_service(session: Session, **kw: object) -> object:
    service = make_service(session, **kw)  # type: ignore[arg-type]
    session.info["added"].append(service)
    session.commit()
    return service


def offline(page: object) -> list[str]:
    """Abort every request that leaves the app (tiles included), as on a closed network; returns them."""
    blocked: list[str] = []

    def route(request_route: object) -> None:
        url = request_route.request.url  # type: ignore[attr-defined]
        if url.startswith("http://127.0.0.1"):
            request_route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            request_route.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)  # type: ignore[attr-defined]
    return blocked


def person_with_suggestions(page: object, url: str) -> tuple[str, str]:
    """(id, name) of a person of the demo caseload whose match page suggests something, looked up from the
    caseload on the page (`/coordinator/`) without clicking."""
    for row in page.locator("table.caseload tbody tr").all():  # type: ignore[attr-defined]
        link = row.locator("a[href$='/match']")
        if link.count():
            href = link.get_attribute("href")
            if 'class="result suggestion"' in page.request.get(url + href).text():  # type: ignore[attr-defined]
                return href.split("/")[-2], row.locator("td:first-child a").inner_text()
    raise AssertionError("no person of the demo caseload has suggestions")
