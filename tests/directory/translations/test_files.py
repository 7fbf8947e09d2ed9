"""Entry translations out to a spreadsheet and back (`tsunagu translations export|import`)."""

from __future__ import annotations

import csv
import re

from directory.models import EntryStatus, ServiceTranslation
from directory.translations.files import export_command, import_command, import_rows, untranslated, write_rows
from tests.factories import make_organization, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role


def _read(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_lists_what_a_translator_still_has_to_do(app, db_session, tmp_path):
    service = make_service(db_session, name="みんなの食堂", description="だれでも来られます。")
    make_service(db_session, name="下書き", status=EntryStatus.DRAFT)
    service.translations = [
        ServiceTranslation(field="name", locale="pt-BR", value="Refeitório de Todos", reviewed=True),
        ServiceTranslation(field="description", locale="pt-BR", value="Aberto a todos.", is_machine=True),
    ]
    db_session.flush()
    rows = [r for r in untranslated(db_session, "pt-BR") if r.service_id == service.uuid]
    assert [(r.field, r.japanese, r.machine_translation) for r in rows] == [
        ("description", "だれでも来られます。", "Aberto a todos.")
    ]
    assert all(r.japanese != "下書き" for r in untranslated(db_session, "pt-BR"))

    target = tmp_path / "pt.csv"
    write_rows(rows, target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert _read(target)[0]["japanese"] == "だれでも来られます。"


def test_filled_in_file_comes_back_as_reviewed_translations_and_is_searchable(client, db_session, tmp_path):
    service = make_service(db_session, name="みんなの食堂", description="だれでも来られます。")
    target = tmp_path / "vi.csv"
    write_rows([r for r in untranslated(db_session, "vi") if r.service_id == service.uuid], target)
    rows = _read(target)
    for row in rows:
        row["translation"] = {"name": "Bếp ăn cho mọi người", "description": ""}[row["field"]]
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    summary = import_rows(db_session, target)
    assert (summary.created, summary.updated, summary.skipped, summary.errors) == (1, 0, 1, [])
    stored = [(t.field, t.locale, t.value, t.is_machine, t.reviewed) for t in service.translations]
    assert stored == [("name", "vi", "Bếp ăn cho mọi người", False, True)]
    html = client.get("/?q=bep an&lang=vi").get_data(as_text=True)
    assert "Bếp ăn cho mọi người" in html


def test_a_wrong_row_means_nothing_is_stored(app, db_session, tmp_path):
    service = make_service(db_session)
    target = tmp_path / "bad.csv"
    target.write_text(
        "service_id,field,locale,japanese,translation\r\n"
        f"{service.uuid},name,en,x,Good name\r\n"
        f"{service.uuid},phone,en,x,0120\r\n"
        "no-such-id,name,en,x,Other\r\n"
        f"{service.uuid},name,xx,x,Other\r\n",
        encoding="utf-8-sig",
    )
    summary = import_rows(db_session, target)
    assert len(summary.errors) == 3
    assert "row 3" in summary.errors[0] and "row 4" in summary.errors[1] and "row 5" in summary.errors[2]
    assert service.translations == []


def test_command_line_round_trip(app, db_session, tmp_path):
    service = make_service(db_session, name="将棋の会")
    runner = app.test_cli_runner()
    target = tmp_path / "en.csv"
    result = runner.invoke(export_command, ["en", str(target)])
    assert result.exit_code == 0, result.output
    rows = [r for r in _read(target) if r["service_id"] == service.uuid]
    assert rows and rows[0]["field"] == "name"
    rows[0]["translation"] = "Shogi Club"
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:1])
    result = runner.invoke(import_command, [str(target), "--machine"])
    assert result.exit_code == 0, result.output
    assert "created 1" in result.output
    db_session.expire_all()
    assert [(t.value, t.is_machine, t.reviewed) for t in service.translations] == [("Shogi Club", True, False)]
    assert runner.invoke(export_command, ["ja", str(target)]).exit_code == 2  # Japanese is the original


def test_status_page_counts_per_language_and_lists_entries_lacking_most(client, db_session):

    lacking = make_service(db_session, name="訳のない活動XYZ", description="説明です。")
    done = make_service(db_session, name="訳のある活動XYZ")
    done.translations = [
        ServiceTranslation(field="name", locale=code, value="Done", reviewed=True)
        for code in ("ja-x-easy", "en", "zh-Hans", "ko", "vi", "pt-BR", "tl", "ne")
    ]
    lacking.translations = [ServiceTranslation(field="name", locale="en", value="Machine", is_machine=True)]
    db_session.flush()
    login(client, make_user(db_session, Role.COORDINATOR).email)
    html = client.get("/admin/translations?lang=en").get_data(as_text=True)
    assert "Translation status" in html
    assert "訳のない活動XYZ" in html and "訳のある活動XYZ" not in html
    row = html[html.index("訳のない活動XYZ") :].split("</tr>")[0]
    links = re.findall(r'<a href="[^"]+">(\d+)<span class="visually-hidden"> ([^<]+)</span></a>', row)
    # name and description missing in every language (en: one to check)
    assert [count for count, _ in links] == ["2"] * 8
    assert ("2", "Translate into Português") in links  # the count read first, then what the link does
    assert f"/contribute/activities/{lacking.id}/translations/pt-BR" in row


def _post_translation(client, service, locale, data):
    url = f"/contribute/activities/{service.id}/translations/{locale}"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def test_side_by_side_editor_saves_reviewed_for_curators_and_unreviewed_for_groups(client, db_session):

    organization = make_organization(db_session)
    service = make_service(
        db_session, name="みんなの食堂", description="だれでも来られます。", organization=organization
    )
    group = make_user(db_session, Role.GROUP, organization_id=organization.id)
    login(client, group.email)
    html = client.get(f"/contribute/activities/{service.id}/translations/pt-BR").get_data(as_text=True)
    assert '<p class="japanese" lang="ja">だれでも来られます。</p>' in html
    assert 'lang="pt-BR"' in html and "<textarea" in html
    response = _post_translation(client, service, "pt-BR", {"name": "Refeitório de Todos", "description": ""})
    assert response.status_code == 302
    db_session.expire_all()
    assert [(t.field, t.value, t.reviewed) for t in service.translations] == [("name", "Refeitório de Todos", False)]
    assert "Tradução (ainda não revisada)" in client.get(f"/services/{service.id}?lang=pt_BR").get_data(as_text=True)

    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, make_user(db_session, Role.COORDINATOR).email)
    _post_translation(client, service, "pt-BR", {"name": "Refeitório para Todos", "description": "Aberto a todos."})
    db_session.expire_all()
    stored = sorted((t.field, t.value, t.reviewed) for t in service.translations)
    assert stored == [("description", "Aberto a todos.", True), ("name", "Refeitório para Todos", True)]


def test_other_groups_cannot_translate_an_entry(client, db_session):

    service = make_service(db_session)
    other = make_user(db_session, Role.GROUP, organization_id=make_organization(db_session).id)
    login(client, other.email)
    assert client.get(f"/contribute/activities/{service.id}/translations/en").status_code == 403
    assert _post_translation(client, service, "en", {"name": "x"}).status_code == 403
    assert service.translations == []
