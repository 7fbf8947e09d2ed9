"""Uploaded photos (a group's チラシ, activity pictures): checked, re-encoded and stripped of metadata.

Nothing a phone put in the file survives: the image is decoded, turned upright (EXIF orientation), shrunk to
at most MAX_SIDE pixels and written anew as JPEG without EXIF, so GPS positions and camera serials of a
private home never reach the server's disk. Files are stored under the instance folder with random names.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
"""Larger uploads are refused before decoding (a phone photo is 2–6 MB)."""
MAX_PIXELS = 50_000_000
"""Decompression-bomb guard: a small file claiming a huge canvas is refused."""
MAX_SIDE = 2000
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
_NAME_LENGTH = 16
SIZES = {"s": 640, "l": MAX_SIDE}
"""Activity photos are kept in two widths: "s" for phones and lists, "l" for large screens (srcset)."""


class PhotoError(ValueError):
    """The upload is not an acceptable photo; `reason` is "too_large", "not_an_image" or "too_many_pixels"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def reencode(data: bytes) -> bytes:
    """A clean JPEG of the uploaded image, or PhotoError. See the module docstring for what is dropped."""
    if len(data) > MAX_BYTES:
        raise PhotoError("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
        with probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoError("not_an_image")
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoError("too_many_pixels")
            image = ImageOps.exif_transpose(probe).convert("RGB")
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise PhotoError("too_many_pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, PhotoError):
            raise
        raise PhotoError("not_an_image") from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)  # no exif= argument: nothing is carried over
    return out.getvalue()


def flyer_folder(instance_path: str | Path) -> Path:
    """Where チラシ photos are kept (inside the instance folder, never served as static files)."""
    return Path(instance_path) / "uploads" / "flyers"


def _new_name() -> str:
    return f"{secrets.token_hex(_NAME_LENGTH)}.jpg"


def store(folder: Path, data: bytes) -> str:
    """Re-encode and save under `folder` with a random name; returns the name (no path: it goes into the DB)."""
    clean = reencode(data)
    folder.mkdir(parents=True, exist_ok=True)
    name = _new_name()
    (folder / name).write_bytes(clean)
    return name


def photo_folder(instance_path: str | Path, service_id: int) -> Path:
    """Where the photos of one activity are kept (inside the instance folder; served only through a view that
    checks the entry's state, see directory.contrib_photos)."""
    return Path(instance_path) / "uploads" / "photos" / str(int(service_id))


def store_photo(folder: Path, clean: bytes) -> str:
    """Save an already re-encoded photo in every width of SIZES under one random name; returns the name."""
    name = _new_name()
    with Image.open(io.BytesIO(clean)) as image:
        for size, side in SIZES.items():
            (folder / size).mkdir(parents=True, exist_ok=True)
            if max(image.size) <= side:
                (folder / size / name).write_bytes(clean)
                continue
            smaller = image.copy()
            smaller.thumbnail((side, side))
            smaller.save(folder / size / name, "JPEG", quality=80, optimize=True)
    return name


def photo_file(folder: Path, name: str, size: str) -> Path | None:
    """The file of a stored photo in one width, or None (unknown width, not one of our names, missing)."""
    return stored_path(folder / size, name) if size in SIZES else None


def latest_upload(folder: Path) -> str | None:
    """The newest photo saved in `folder`: what a draft proposes until it is sent to review."""
    files = [p for p in (folder / "l").glob("*.jpg") if stored_path(p.parent, p.name) is not None]
    return max(files, key=lambda p: (p.stat().st_mtime_ns, p.name)).name if files else None


@dataclass(frozen=True)
class Dimensions:
    """Width and height of a stored photo (for the img tag: the page does not jump while it loads)."""

    width: int
    height: int


def dimensions(path: Path) -> Dimensions:
    """Read from the JPEG header only (no decoding)."""
    with Image.open(path) as image:
        return Dimensions(*image.size)


def stored_path(folder: Path, name: str) -> Path | None:
    """The file of a stored name, or None for anything that is not one of ours (no path tricks)."""
    stem, dot, ext = name.partition(".")
    if dot != "." or ext != "jpg" or len(stem) != 2 * _NAME_LENGTH or not all(c in "0123456789abcdef" for c in stem):
        return None
    path = folder / name
    return path if path.is_file() else None
