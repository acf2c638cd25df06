"""A resident's photo, checked and re-encoded before anything keeps it.

The type is read from the content (JPEG, PNG, WebP; HEIC/HEIF when pillow-heif is installed), never
from the name. Size and pixel limits stop decompression bombs. The image is decoded completely
(a truncated or hostile file fails here), turned upright from its EXIF orientation and written
again as a fresh JPEG: EXIF, GPS, XMP, ICC comments and any bytes after the image do not survive.
A GPS position in the EXIF is returned (``gps``) so the channel can *offer* it to the resident;
it is never stored without their yes.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED = {"JPEG", "PNG", "WEBP", "MPO", "HEIF"}
LONGEST_SIDE = 2560        # larger photos are scaled down: plenty for staff, small to keep
GPS_IFD = 0x8825

try:  # HEIC from iPhones, when the plugin is installed (requirements/runtime.in)
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - the plugin is optional
    pass


class PhotoRefused(ValueError):
    """The file is not a photo we keep; ``reason`` is a key of bot/texts (photo_*)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Photo:
    data: bytes                      # the re-encoded JPEG, no metadata
    width: int
    height: int
    gps: tuple[float, float] | None  # (latitude, longitude) found in the EXIF, offered, not kept
    content_type: str = "image/jpeg"


def _degrees(value, ref: str) -> float:
    d, m, s = (float(v) for v in value)
    sign = -1 if ref in ("S", "W") else 1
    return sign * (d + m / 60 + s / 3600)


def gps_of(image: Image.Image) -> tuple[float, float] | None:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return round(lat, 6), round(lon, 6)


def inspect_photo(data: bytes, max_bytes: int, max_pixels: int) -> Photo:
    """The photo, re-encoded without metadata; PhotoRefused with a reason when it is not one we keep."""
    if not data:
        raise PhotoRefused("photo_empty")
    if len(data) > max_bytes:
        raise PhotoRefused("photo_too_big", f"{len(data)} bytes")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                if kind not in ALLOWED:
                    raise PhotoRefused("photo_type", str(kind))
                if probe.width * probe.height > max_pixels:
                    raise PhotoRefused("photo_too_many_pixels", f"{probe.width}x{probe.height}")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()                      # decodes everything: truncated data fails here
                gps = gps_of(image)
                upright = ImageOps.exif_transpose(image)
                return _reencode(upright, gps)
        except PhotoRefused:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoRefused("photo_type" if isinstance(exc, UnidentifiedImageError) else "photo_too_many_pixels",
                               str(exc)) from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:   # truncated, corrupt, or lying headers
            raise PhotoRefused("photo_broken", str(exc)[:200]) from exc


def _reencode(image: Image.Image, gps: tuple[float, float] | None) -> Photo:
    image = image.convert("RGB")                  # drops alpha and palettes; a new image carries no info
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=85, optimize=True)
    return Photo(out.getvalue(), clean.width, clean.height, gps)
