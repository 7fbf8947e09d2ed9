"""A cold entry page (nothing cached) is read in a few statements, everything it shows loaded up front: for a
Japanese reader without the entry's translations or the kinds' labels, which that page never shows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from tests.factories import make_service


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """The reads (SELECT, WITH … SELECT) the app sends while the block runs."""
    from tsunagu.db import db

    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_a_cold_entry_page_is_read_in_eight_statements_in_japanese_and_ten_in_english(app, client, db_session):
    service = make_service(db_session, name="数える食堂", description="毎週の集まりです。", free=True)
    service_id = service.id
    client.get(f"/services/{service_id}")  # the process's own first-request work (readings, locale data)
    with statements(app) as japanese:
        html = client.get(f"/services/{service_id}").get_data(as_text=True)
    assert "数える食堂" in html and "毎週の集まりです。" in html and "運営:" in html
    assert not [s for s in japanese if "service_translations" in s or "taxonomy_term_labels" in s]
    assert len(japanese) <= 8, japanese  # the service, its places, their accessibility, 4 lists, the photo
    with statements(app) as english:
        html = client.get(f"/services/{service_id}?lang=en").get_data(as_text=True)
    assert "数える食堂" in html
    assert len(english) <= 10, english  # … and the translations and labels an English reader may get
