"""Activity photos: public only once a reviewer approved them, served by the app as clean, small JPEGs.

A draft's photo and a change waiting for review stay with the group and the reviewers; a チラシ never shows.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from directory.contributions.services import approve
from directory.models import ChangeKind, ChangeRequest, EntryStatus, ReviewState, Service
from tests.directory.contributions.test_group_pages import activity_form
from tests.directory.contributions.test_photos import jpeg_with_exif
from tests.factories import make_organization, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

NEW = "/contribute/activities/new"
PHOTO_URL = re.compile(r"/services/\d+/photos/[sl]/[0-9a-f]{32}\.jpg")


@pytest.fixture
def group(client, db_session):
    organization = make_organization(db_session, name="写真の会")
    user = make_user(db_session, Role.GROUP, organization_id=organization.id)
    login(client, user.email)
    return organization


@pytest.fixture
def reviewer(db_session):
    return make_user(db_session, Role.COORDINATOR)


def _post(client, path: str, photo: bytes | None, **fields):
    data = activity_form(client, path, **fields)
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), "IMG_0001.JPG")
    return client.post(path, data=data, content_type="multipart/form-data")


def _service(db_session, organization) -> Service:
    return db_session.scalars(select(Service).where(Service.organization_id == organization.id)).one()


def _request(db_session, service, kind=ChangeKind.NEW) -> ChangeRequest:
    return db_session.scalars(
        select(ChangeRequest).where(ChangeRequest.service_id == service.id, ChangeRequest.kind == kind)
    ).one()


def _status(client, url: str) -> int:
    """The status of a GET, with the file response closed (send_file keeps the file open until then)."""
    response = client.get(url)
    response.close()
    return response.status_code


def _photo_urls(html: str) -> list[str]:
    return PHOTO_URL.findall(html)


def _get_image(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "image/jpeg" and response.headers["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(response.get_data()))
    response.close()
    return image


def test_a_submitted_photo_is_public_only_after_approval(app, client, db_session, group, reviewer):
    big = jpeg_with_exif(size=(3000, 2000))
    assert _post(client, NEW, big, action="submit").status_code == 302
    service = _service(db_session, group)
    request = _request(db_session, service)
    name = request.after["photo"]
    group_view = client.get(f"/contribute/activities/{service.id}").get_data(as_text=True)
    assert "審査に出す写真" in group_view
    url = next(u for u in _photo_urls(group_view) if name in u)
    assert dict(_get_image(client, url).getexif()) == {}  # the group sees its own photo, without GPS

    anonymous = app.test_client()
    assert _status(anonymous, url) == 404  # waiting for review: not reachable by its address
    assert anonymous.get(f"/services/{service.id}").status_code == 404
    other_group = app.test_client()
    login(other_group, make_user(db_session, Role.GROUP, organization_id=make_organization(db_session).id).email)
    assert _status(other_group, url) == 404
    curator = app.test_client()
    login(curator, reviewer.email)
    assert _status(curator, url) == 200  # the reviewer sees what is to be approved
    review_page = curator.get(f"/admin/review/{request.id}").get_data(as_text=True)
    assert 'data-field="photo"' in review_page and f'src="{url}"' in review_page  # shown inline to the reviewer

    approve(db_session, request, reviewer=reviewer)
    page = anonymous.get(f"/services/{service.id}").get_data(as_text=True)
    img = re.search(r'<img src="([^"]+)" srcset="([^"]+)"[^>]*>', page)
    assert img is not None, page
    tag = img.group(0)
    assert 'loading="lazy"' in tag and 'alt="写真の会' not in tag and f'alt="{service.name} の写真"' in tag
    assert "/photos/s/" in img.group(1) and "/photos/l/" in img.group(2)
    small, large = _get_image(anonymous, img.group(1)), _get_image(anonymous, img.group(1).replace("/s/", "/l/"))
    assert max(small.size) == 640 and max(large.size) == 2000  # phones load the small one
    assert dict(small.getexif()) == {} and dict(large.getexif()) == {}
    assert 'width="640" height="427"' in tag and "640w" in img.group(2) and "2000w" in img.group(2)


def test_a_drafts_photo_stays_with_the_group(app, client, db_session, group):
    assert _post(client, NEW, jpeg_with_exif(), action="draft").status_code == 302
    service = _service(db_session, group)
    assert service.status == EntryStatus.DRAFT
    urls = _photo_urls(client.get(f"/contribute/activities/{service.id}").get_data(as_text=True))
    assert urls and _status(client, urls[0]) == 200
    assert _status(app.test_client(), urls[0]) == 404
    # sending the draft later takes its photo along to the reviewer
    path = f"/contribute/activities/{service.id}"
    assert _post(client, path, None, action="submit").status_code == 302
    assert _request(db_session, service).after["photo"] in urls[0]


def test_a_new_photo_of_a_published_entry_waits_for_review(app, client, db_session, group, reviewer):
    _post(client, NEW, jpeg_with_exif(), action="submit")
    service = _service(db_session, group)
    first = _request(db_session, service).after["photo"]
    approve(db_session, _request(db_session, service), reviewer=reviewer)

    path = f"/contribute/activities/{service.id}"
    red = io.BytesIO()
    Image.new("RGB", (800, 600), (255, 0, 0)).save(red, "PNG")
    assert _post(client, path, red.getvalue(), action="submit").status_code == 302
    edit = _request(db_session, service, ChangeKind.EDIT)
    second = edit.after["photo"]
    assert second != first and edit.before["photo"] == first and edit.state == ReviewState.PENDING
    anonymous = app.test_client()
    page = anonymous.get(f"/services/{service.id}").get_data(as_text=True)
    assert first in page and second not in page  # the public still sees the approved photo
    assert _status(anonymous, f"/services/{service.id}/photos/s/{second}") == 404

    approve(db_session, edit, reviewer=reviewer)
    page = anonymous.get(f"/services/{service.id}").get_data(as_text=True)
    assert second in page and first not in page
    assert _status(anonymous, f"/services/{service.id}/photos/s/{second}") == 200
    assert _status(anonymous, f"/services/{service.id}/photos/s/{first}") == 404
    # an edit of other fields keeps the approved photo
    assert _post(client, path, None, action="submit", capacity="12").status_code == 302
    approve(db_session, _request_pending(db_session, service), reviewer=reviewer)
    assert second in anonymous.get(f"/services/{service.id}").get_data(as_text=True)


def _request_pending(db_session, service) -> ChangeRequest:
    return db_session.scalars(
        select(ChangeRequest).where(ChangeRequest.service_id == service.id, ChangeRequest.state == ReviewState.PENDING)
    ).one()


@pytest.mark.parametrize("hide", ["archived", "do_not_list"])
def test_a_photo_leaves_with_its_entry(app, client, db_session, group, reviewer, hide):
    _post(client, NEW, jpeg_with_exif(), action="submit")
    service = _service(db_session, group)
    name = _request(db_session, service).after["photo"]
    approve(db_session, _request(db_session, service), reviewer=reviewer)
    anonymous = app.test_client()
    assert _status(anonymous, f"/services/{service.id}/photos/s/{name}") == 200
    if hide == "archived":
        service.status = EntryStatus.ARCHIVED
    else:
        service.do_not_list = True
    db_session.flush()
    assert _status(anonymous, f"/services/{service.id}/photos/s/{name}") == 404
    assert _status(anonymous, f"/services/{service.id}/photos/l/{name}") == 404


def test_a_wrong_file_keeps_the_form_and_stores_nothing(client, db_session, group):
    response = _post(client, NEW, b"%PDF-1.4 not a photo", action="submit")
    assert response.status_code == 400
    assert "写真（JPEG・PNG・WebP）を選んでください" in response.get_data(as_text=True)
    assert db_session.scalars(select(Service).where(Service.organization_id == group.id)).first() is None


def test_odd_photo_addresses_are_refused(app, client, db_session, group):
    _post(client, NEW, jpeg_with_exif(), action="draft")
    service = _service(db_session, group)
    for path in ("x/" + "0" * 32 + ".jpg", "s/../../flyers/x.jpg", "s/secret_key", "m/" + "a" * 32 + ".jpg"):
        assert _status(client, f"/services/{service.id}/photos/{path}") == 404, path


def test_a_flyer_never_becomes_public(app, client, db_session, group, reviewer):
    token = csrf_token(client, "/contribute/flyer")
    form = {
        "name": "チラシ食堂",
        "kind": "kodomo_shokudo",
        "photo": (io.BytesIO(jpeg_with_exif()), "flyer.jpg"),
        "csrf_token": token,
    }
    assert client.post("/contribute/flyer", data=form, content_type="multipart/form-data").status_code == 302
    service = _service(db_session, group)
    request = _request(db_session, service)
    flyer = request.after["flyer"]
    anonymous = app.test_client()
    assert anonymous.get(f"/admin/review/{request.id}/flyer.jpg").status_code in (302, 403, 404)
    assert client.get(f"/admin/review/{request.id}/flyer.jpg").status_code in (302, 403, 404)  # not the group either
    approve(db_session, request, reviewer=reviewer)
    page = anonymous.get(f"/services/{service.id}").get_data(as_text=True)
    assert flyer not in page and not _photo_urls(page)
    for size in ("s", "l"):
        assert _status(anonymous, f"/services/{service.id}/photos/{size}/{flyer}") == 404
