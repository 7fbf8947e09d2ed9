"""チラシ photos: wrong type, huge file, pixel bombs refused; EXIF (GPS) stripped; the reviewer sees the photo."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from directory.contributions import photos
from directory.models import ChangeRequest, EntryStatus, Service
from tests.factories import make_organization, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_exif(size=(300, 200), orientation: int = 1) -> bytes:
    """A phone-like photo: GPS position, camera model and an orientation tag."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # camera model
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (35.0, 51.0, 42.0), 3: "E", 4: (139.0, 58.0, 17.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_exif_is_stripped_and_the_photo_turned_upright():
    original = jpeg_with_exif(orientation=6)  # "rotate 90° clockwise to view"
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    clean = Image.open(io.BytesIO(photos.reencode(original)))
    assert clean.format == "JPEG" and clean.size == (200, 300)
    assert dict(clean.getexif()) == {} and "exif" not in clean.info


def test_png_becomes_a_small_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (4000, 1000), (0, 0, 255, 128)).save(out, "PNG")
    clean = Image.open(io.BytesIO(photos.reencode(out.getvalue())))
    assert clean.format == "JPEG" and clean.size == (2000, 500)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4 not a photo", "not_an_image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not_an_image"),
        (b"\xff\xd8\xff" + b"0" * 100, "not_an_image"),  # a JPEG header and nothing behind it
        (b"0" * (photos.MAX_BYTES + 1), "too_large"),
    ],
)
def test_what_is_not_a_photo_is_refused(data, reason):
    with pytest.raises(photos.PhotoError) as caught:
        photos.reencode(data)
    assert caught.value.reason == reason


def test_a_pixel_bomb_is_refused_without_decoding():
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")  # tiny file, 64 million pixels
    assert len(out.getvalue()) < 1_000_000
    with pytest.raises(photos.PhotoError) as caught:
        photos.reencode(out.getvalue())
    assert caught.value.reason == "too_many_pixels"


def test_only_our_own_file_names_are_served(tmp_path):
    name = photos.store(tmp_path, jpeg_with_exif())
    assert photos.stored_path(tmp_path, name) == tmp_path / name
    for bad in ("../secret_key", name.replace(".jpg", ".png"), "0" * 32 + ".jpg", name + "/.."):
        assert photos.stored_path(tmp_path, bad) is None


@pytest.fixture
def group(client, db_session):
    organization = make_organization(db_session, name="チラシの会")
    user = make_user(db_session, Role.GROUP, organization_id=organization.id)
    login(client, user.email)
    return organization


def _upload(client, data: bytes, filename: str = "flyer.jpg", token: str | None = None):
    form = {
        "name": "チラシ食堂",
        "kind": "kodomo_shokudo",
        "note": "毎月第1土曜です",
        "photo": (io.BytesIO(data), filename),
        "csrf_token": csrf_token(client, "/contribute/flyer") if token is None else token,
    }
    return client.post("/contribute/flyer", data=form, content_type="multipart/form-data")


def test_a_flyer_reaches_the_reviewer_without_its_exif(client, db_session, group):
    assert _upload(client, jpeg_with_exif()).status_code == 302
    service = db_session.scalars(select(Service).where(Service.organization_id == group.id)).one()
    assert service.status == EntryStatus.PENDING and service.name == "チラシ食堂"
    request = db_session.scalars(select(ChangeRequest).where(ChangeRequest.service_id == service.id)).one()
    assert request.message == "毎月第1土曜です" and request.after["flyer"].endswith(".jpg")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    login(client, make_user(db_session, Role.COORDINATOR).email)
    assert "チラシの写真" in client.get(f"/admin/review/{request.id}").get_data(as_text=True)
    response = client.get(f"/admin/review/{request.id}/flyer.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert dict(Image.open(io.BytesIO(response.get_data())).getexif()) == {}
    response.close()


def test_a_wrong_file_re_renders_the_form_with_the_reason(client, db_session, group):
    response = _upload(client, b"%PDF-1.4", filename="flyer.pdf")
    assert response.status_code == 400 and "写真（JPEG・PNG・WebP）を選んでください" in response.get_data(as_text=True)
    assert db_session.scalars(select(Service).where(Service.organization_id == group.id)).first() is None


def test_the_flyer_form_needs_the_csrf_token(client, db_session, group):
    assert _upload(client, jpeg_with_exif(), token="").status_code == 400
    assert db_session.scalars(select(Service).where(Service.organization_id == group.id)).first() is None
