"""Entry translations that help: which texts are translated, a resident's request reaching the translators'
queue (rate-limited), and an outdated translation (the Japanese changed) flagged on the public page, pre-filled
and marked in the editor, and confirmed as still correct without editing."""

from __future__ import annotations

from sqlalchemy import select

from directory.models import ServiceTranslation, TranslationRequest
from directory.translations.services import set_translation, untranslated
from tests.factories import make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role


def _service(db_session):
    service = make_service(db_session, name="ひだまりサロン", description="お茶を飲んで話します。")
    set_translation(service, "name", "pt-BR", "Salão Hidamari")
    db_session.commit()
    return service


def test_a_resident_sees_what_is_translated_and_asks_once_for_the_rest(client, db_session):
    service = _service(db_session)
    page = client.get(f"/services/{service.id}?lang=pt_BR").get_data(as_text=True)
    summary = page[page.index('class="translation-summary"') :].split("</section>")[0]
    assert "Nome da atividade" in summary.split("Ainda só em japonês")[0]
    assert "Como é a atividade" in summary.split("Ainda só em japonês")[1]
    url = f"/services/{service.id}/translation-request"
    assert url in summary
    for _ in range(2):  # a second click from the same browser does not count twice
        assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 302
    requests = db_session.scalars(select(TranslationRequest)).all()
    assert [(r.service_id, r.locale, r.done_at) for r in requests] == [(service.id, "pt-BR", None)]
    assert client.post(url, data={}).status_code == 400  # no CSRF token: nothing stored

    login(client, make_user(db_session, Role.COORDINATOR).email)
    queue = client.get("/admin/translations?lang=ja").get_data(as_text=True)
    first = queue[queue.index("<h2>訳が足りない活動</h2>") :].split("</tr>")[1]
    assert "ひだまりサロン" in first and "依頼 1" in first  # requested entries come first
    editor = f"/contribute/activities/{service.id}/translations/pt-BR"
    data = {"name": "Salão Hidamari", "description": "Tomamos chá e conversamos."}
    client.post(editor, data={**data, "csrf_token": csrf_token(client, editor)})
    db_session.expire_all()
    assert db_session.scalars(select(TranslationRequest)).one().done_at is not None  # answered


def test_an_outdated_translation_is_prefilled_and_marked_until_rewritten(client, db_session):
    service = _service(db_session)
    service.name = "ひだまりサロン（木曜）"  # the group changed the Japanese after the translation
    db_session.commit()
    rows = [row for row in untranslated(db_session, "pt-BR") if row.field == "name"]
    assert [(row.japanese, row.translation) for row in rows] == [("ひだまりサロン（木曜）", "Salão Hidamari")]

    login(client, make_user(db_session, Role.COORDINATOR).email)
    editor = f"/contribute/activities/{service.id}/translations/pt-BR"
    html = client.get(editor + "?lang=ja").get_data(as_text=True)
    assert "日本語が変わりました。前の訳を直してください。" in html
    assert '<span lang="ja">ひだまりサロン</span>' in html  # the Japanese it was translated from
    assert "\nSalão Hidamari</textarea>" in html  # pre-filled with the previous translation
    client.post(editor, data={"name": "Salão Hidamari (quinta)", "csrf_token": csrf_token(client, editor)})
    db_session.expire_all()
    stored = db_session.scalars(select(ServiceTranslation).where(ServiceTranslation.field == "name")).one()
    assert stored.value == "Salão Hidamari (quinta)" and not stored.outdated(service.name)
    assert "日本語が変わりました" not in client.get(editor + "?lang=ja").get_data(as_text=True)


def test_an_outdated_translation_is_flagged_until_a_translator_says_it_is_still_correct(client, db_session):
    service = _service(db_session)
    service.name = "ひだまりサロン！"  # the Japanese changed, but the translation still says the same
    db_session.commit()
    note = "Tradução antiga (o japonês mudou)"
    assert note in client.get(f"/services/{service.id}?lang=pt_BR").get_data(as_text=True)

    login(client, make_user(db_session, Role.COORDINATOR).email)
    editor = f"/contribute/activities/{service.id}/translations/pt-BR"
    html = client.get(editor + "?lang=ja").get_data(as_text=True)
    assert 'name="still_correct" value="name"' in html
    data = {"name": "Salão Hidamari", "still_correct": "name", "csrf_token": csrf_token(client, editor)}
    assert client.post(editor, data=data).status_code == 302
    db_session.expire_all()
    stored = db_session.scalars(select(ServiceTranslation).where(ServiceTranslation.field == "name")).one()
    assert stored.value == "Salão Hidamari" and not stored.outdated(service.name)
    assert "日本語が変わりました" not in client.get(editor + "?lang=ja").get_data(as_text=True)
    assert note not in client.get(f"/services/{service.id}?lang=pt_BR").get_data(as_text=True)


def test_translation_requests_from_one_address_are_rate_limited(app, client, db_session):
    service = _service(db_session)
    url = f"/services/{service.id}/translation-request"
    saved, app.config["TSUNAGU_RATE_FORMS"] = app.config["TSUNAGU_RATE_FORMS"], "2 per minute"
    for limiter in app.extensions["limiter"]:
        limiter.reset()
    try:
        statuses = []
        for _ in range(3):
            client.get(f"/services/{service.id}?lang=pt_BR")
            statuses.append(client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code)
        assert client.get(url).status_code == 200  # looking at the page is never limited
    finally:
        app.config["TSUNAGU_RATE_FORMS"] = saved
        for limiter in app.extensions["limiter"]:
            limiter.reset()
    assert statuses == [302, 302, 429]
