"""A group's whole journey in Chromium on a phone-size screen: register, confirm, submit an activity in Japanese
with a photo; a coordinator approves it; a resident finds it in search and on the map (the same map address
before and after the approval: a cached map must not hide it), sees its photo, and sends a correction that
reaches the queue."""

from __future__ import annotations

import re

import pytest

from tests.directory.contributions.test_photos import jpeg_with_exif
from tests.e2e.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "tsunagu-demo"  # noqa: S105 - the documented demo accounts
GROUP_PASSWORD = "hidamari-2026-pass"  # noqa: S105 - made up by this test
NAME = "ひだまり子ども食堂テスト"


def _context(browser, **kw):
    return browser.new_context(locale="ja-JP", **kw)


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _map_markers(page, url: str):
    """Open the map at `url` (its frame ready, clusters settled); returns the frame."""
    page.goto(url)
    frame = page.frame_locator("iframe.map-frame")
    frame.locator("html[data-map-ready='1']").wait_for(state="attached")
    page.wait_for_timeout(500)  # clusters settle after the first fit (chunked loading)
    return frame


def _kind_count(frame, kind: str) -> int:
    """The number of entries the map's layer control shows for one kind ("子ども食堂 (12)")."""
    label = frame.locator(".leaflet-control-layers-overlays label", has_text=kind).first.inner_text()
    return int(re.search(r"\((\d+)\)", label).group(1))


def _open_popup_of(frame, name: str, tries: int = 6) -> str:
    """Click clusters open until a marker shows, then the markers until one's popup names `name`."""
    for _ in range(tries):
        markers = frame.locator(".leaflet-marker-icon.map-marker")
        for index in range(markers.count()):
            markers.nth(index).dispatch_event("click")
            popup = frame.locator(".leaflet-popup-content .map-popup")
            popup.wait_for()
            if name in popup.inner_text():
                return popup.inner_text()
        clusters = frame.locator(".map-cluster-icon")
        if not clusters.count():
            break
        clusters.first.dispatch_event("click")
        frame.locator(".leaflet-zoom-anim").wait_for(state="detached")
    raise AssertionError(f"no marker of {name} on the map")


def test_group_registers_submits_and_the_approved_activity_is_found(live_server, browser, tmp_path):
    phone = _context(browser, viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(live_server + "/register")
    phone.fill("input[name=organization_name]", "ひだまりの会")
    phone.select_option("select[name=organization_kind]", "npo")
    phone.fill("input[name=display_name]", "佐藤 花子")
    phone.fill("input[name=email]", "hidamari-e2e@example.jp")
    phone.fill("input[name=password]", GROUP_PASSWORD)
    phone.fill("input[name=password_again]", GROUP_PASSWORD)
    screenshot(phone, "registration-form-phone")
    phone.click("form.form button[type=submit]")
    phone.wait_for_load_state()
    assert "確認メールを送りました" in phone.content()

    # no mail server in the demo: the admin passes the confirmation link on
    admin = _context(browser).new_page()
    _sign_in(admin, live_server, "admin@example.jp", DEMO_PASSWORD)
    admin.goto(live_server + "/admin/registrations")
    row = admin.locator("tr", has_text="hidamari-e2e@example.jp")
    link = row.locator("input.confirm-link").input_value()
    screenshot(admin, "registration-admin-links")

    phone.goto(link)
    phone.wait_for_load_state()
    assert "/login" in phone.url
    phone.fill("input[name=email]", "hidamari-e2e@example.jp")
    phone.fill("input[name=password]", GROUP_PASSWORD)
    phone.click("form.form button[type=submit]")
    phone.wait_for_load_state()
    assert phone.url.endswith("/contribute/")

    phone.click("text=活動を登録する")
    phone.wait_for_load_state()
    phone.fill("input[name=name]", NAME)
    phone.select_option("select[name=kind]", "kodomo_shokudo")
    phone.fill("textarea[name=description]", "地域のだれでも来られる食堂です。")
    phone.fill("textarea[name=schedule_text]", "毎月第2・4水曜日 15時～19時")
    phone.click("button[value=preview]")
    phone.wait_for_load_state()
    readback = phone.locator(".schedule-readback").inner_text()
    assert "第2・4" in readback and "15:00–19:00" in readback, readback
    phone.check("input[name=cost_elementary_free]")
    phone.fill("input[name=cost_adult]", "300")
    phone.fill("input[name=town]", "本町二丁目")
    if phone.locator("input[name=latitude]").is_visible():
        phone.fill("input[name=latitude]", "35.8617")
        phone.fill("input[name=longitude]", "139.9714")
    phone.check("input[name=languages][value=ja-x-easy]")
    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(jpeg_with_exif(size=(1600, 1200)))  # a phone photo with a GPS position in it
    phone.set_input_files("input[name=photo]", str(photo))
    screenshot(phone, "contribution-form-phone")
    phone.click("button[value=submit]")
    phone.wait_for_load_state()
    entry = phone.locator("li.result", has_text=NAME)
    assert "審査中" in entry.inner_text()
    screenshot(phone, "contribution-status-phone")

    resident = _context(browser, viewport=PHONE).new_page()
    map_url = live_server + "/map?q=" + NAME
    frame = _map_markers(resident, map_url)  # before approval: not on the map (and a cache now holds this map)
    assert frame.locator(".leaflet-marker-icon.map-marker, .map-cluster-icon").count() == 0
    assert "リストで見る: 0 件" in resident.locator("#map-list-heading").inner_text()
    shokudo_before = _kind_count(_map_markers(resident, live_server + "/map"), "子ども食堂")

    coordinator = _context(browser).new_page()
    _sign_in(coordinator, live_server, "coordinator@example.jp", DEMO_PASSWORD)
    coordinator.goto(live_server + "/admin/review?kind=new")
    coordinator.click(f"text={NAME}")
    coordinator.wait_for_load_state()
    assert "毎月第2・4水曜日 15時～19時" in coordinator.content()
    assert coordinator.locator("tr[data-field=photo]").count() == 1  # the photo waits for this approval too
    screenshot(coordinator, "review-detail")
    coordinator.click("button[value=approve]")
    coordinator.wait_for_load_state()
    assert "承認しました" in coordinator.content()

    phone.reload()
    assert "公開中" in phone.locator("li.result", has_text=NAME).inner_text()

    assert _kind_count(_map_markers(resident, live_server + "/map"), "子ども食堂") == shokudo_before + 1
    frame = _map_markers(resident, map_url)
    popup = _open_popup_of(frame, NAME)
    assert "詳しく見る" in popup
    ARTIFACTS.mkdir(exist_ok=True)
    resident.locator("iframe.map-frame").scroll_into_view_if_needed()
    resident.screenshot(path=str(ARTIFACTS / "journey-map-popup-phone.png"))

    resident.goto(live_server + "/?q=ひだまり子ども食堂")
    resident.locator("ol.results > li.result", has_text=NAME).locator("h3 a").click()
    resident.wait_for_load_state()
    assert NAME in resident.locator("h1").inner_text()
    image = resident.locator("figure.service-photo img")
    assert image.get_attribute("alt") == f"{NAME} の写真" and image.get_attribute("loading") == "lazy"
    image.scroll_into_view_if_needed()
    image.wait_for()
    resident.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert resident.evaluate("img => img.currentSrc", image.element_handle()).count("/photos/s/") == 1  # phone size
    screenshot(resident, "journey-detail-with-photo-phone")
    resident.click("text=情報が違う？")
    resident.wait_for_load_state()
    resident.fill("textarea[name=message]", "開催時間が16時からに変わりました")
    resident.click("form.form button[type=submit]")
    resident.wait_for_load_state()
    assert "ありがとうございます" in resident.content()

    coordinator.goto(live_server + "/admin/review?kind=correction")
    assert "開催時間が16時からに変わりました" in coordinator.content()
    screenshot(coordinator, "review-queue-corrections")
    for page in (phone, admin, coordinator, resident):
        page.context.close()
