"""Uploaded photos (a group's チラシ, activity pictures): checked, re-encoded and stripped of metadata.

Nothing a phone put in the file survives: the image is decoded, turned upright (EXIF orientation), shrunk to
at most MAX_SIDE pixels and written anew as JPEG without EXIF, so GPS positions and camera serials of a
private home never reach the server's disk. Files are stored under the instance folder with random names.
"""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
"""Larger uploads are refused before decoding (a phone photo is 2–6 MB)."""
MAX_PIXELS = 50_000_000
"""Decompression-bomb guard: a small file claiming a huge canvas is refused."""
MAX_SIDE = 2000
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
_NAME_LENGTH = 16


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


def store(folder: Path, data: bytes) -> str:
    """Re-encode and save under `folder` with a random name; returns the name (no path: it goes into the DB)."""
    clean = reencode(data)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(_NAME_LENGTH)}.jpg"
    (folder / name).write_bytes(clean)
    return name


def stored_path(folder: Path, name: str) -> Path | None:
    """The file of a stored name, or None for anything that is not one of ours (no path tricks)."""
    stem, dot, ext = name.partition(".")
    if dot != "." or ext != "jpg" or len(stem) != 2 * _NAME_LENGTH or not all(c in "0123456789abcdef" for c in stem):
        return None
    path = folder / name
    return path if path.is_file() else None
