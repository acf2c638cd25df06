"""A loopback stand-in for an S3-compatible object store, driven by the real boto3: path-style
PutObject, GetObject and DeleteObject on one bucket, with S3's XML NoSuchKey/NoSuchBucket errors.
It checks that every request is signed (an AWS4-HMAC-SHA256 Authorization header) but not the signature."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

ERROR = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{code}</Message></Error>'


class FakeS3:
    def __init__(self, bucket: str) -> None:
        self.bucket = bucket
        self.objects: dict[str, tuple[bytes, str]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _key(self) -> str | None:
                path = unquote(urlsplit(self.path).path)
                bucket, _, key = path.lstrip("/").partition("/")
                return key if bucket == fake.bucket else None

            def _send(self, status: int, body: bytes = b"", content_type: str = "application/xml") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _error(self, status: int, code: str) -> None:
                self._send(status, ERROR.format(code=code).encode())

            def _checked(self) -> str | None:
                if not self.headers.get("Authorization", "").startswith("AWS4-HMAC-SHA256 "):
                    self._error(403, "AccessDenied")
                    return None
                key = self._key()
                if key is None:
                    self._error(404, "NoSuchBucket")
                return key

            def do_PUT(self) -> None:
                key = self._checked()
                if key is None:
                    return
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if "aws-chunked" in self.headers.get("Content-Encoding", ""):
                    self._error(501, "NotImplemented")    # the client must send plain bodies
                    return
                fake.objects[key] = (body, self.headers.get("Content-Type", ""))
                self._send(200)

            def do_GET(self) -> None:
                key = self._checked()
                if key is None:
                    return
                if key not in fake.objects:
                    self._error(404, "NoSuchKey")
                    return
                data, content_type = fake.objects[key]
                self._send(200, data, content_type)

            def do_DELETE(self) -> None:
                key = self._checked()
                if key is None:
                    return
                fake.objects.pop(key, None)
                self._send(204)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeS3:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
