"""Real image files made by the tests: a phone-like JPEG with a GPS EXIF block, a truncated one,
a PNG with transparency, a file that only claims to be a photo, and a small loopback image host."""
from __future__ import annotations

import io
import threading
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

WANGSIMNI = (37.5612, 127.0371)     # 왕십리역 (행당1동 by the sample dong_areas table)
GPS_IFD, EXIF_IFD = 0x8825, 0x8769


def _dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction(round(((value - degrees) * 60 - minutes) * 60 * 1000), 1000)
    return Fraction(degrees), Fraction(minutes), seconds


def jpeg(size=(640, 480), gps: tuple[float, float] | None = None, colour=(200, 90, 40), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: EXIF with camera make, a date, an orientation and (optionally) GPS."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 7):          # some detail, so the JPEG is not trivially small
        image.putpixel((x, x * size[1] // size[0]), (0, 0, 0))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"              # Make
    exif[0x0110] = "Resident Phone 12"       # Model
    exif[0x0112] = orientation
    exif.get_ifd(EXIF_IFD)[0x9003] = "2026:11:25 08:30:00"
    if gps:
        lat, lon = gps
        exif.get_ifd(GPS_IFD).update({1: "N" if lat >= 0 else "S", 2: _dms(abs(lat)),
                                      3: "E" if lon >= 0 else "W", 4: _dms(abs(lon))})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    whole = jpeg((800, 600))
    return whole[: len(whole) // 2]


def png_with_alpha(size=(300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, "GIF")
    return out.getvalue()


def not_an_image() -> bytes:
    return b"<?php system($_GET['c']); ?>\n" + b"A" * 200


class ImageHost:
    """Serves fixed bytes at /photo.jpg on 127.0.0.1 (a stand-in for Kakao's image host or a client's)."""

    def __init__(self, data: bytes, status: int = 200) -> None:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                host.requests.append(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str = "/photo.jpg") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
