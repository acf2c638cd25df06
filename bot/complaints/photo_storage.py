"""Where complaint photos are kept: local files under the data folder (default), or an
S3-compatible bucket (``photo_storage = "s3"``; docs/deploy.md). Staff see them only through
the console, which reads them back through this interface: no bucket is ever public."""
from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Protocol

from bot.settings import Settings

KEY = re.compile(r"^[0-9]{4}/[0-9a-f]{32}\.jpg$")


class PhotoStorage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...


def new_key(year: int) -> str:
    return f"{year:04d}/{secrets.token_hex(16)}.jpg"


def checked(key: str) -> str:
    """Keys are ours (new_key); anything else is refused, never joined to a path or an object name."""
    if not KEY.match(key):
        raise ValueError(f"not a photo key: {key!r}")
    return key


class LocalPhotoStorage:
    """Files under ``root`` (data_dir/photos), readable only by the service's user (0600)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3PhotoStorage:
    """An S3-compatible bucket (AWS S3, MinIO, NCP Object Storage …) through boto3."""

    def __init__(self, settings: Settings, client=None) -> None:
        if not settings.s3_bucket:
            raise ValueError("photo_storage is 's3' but MINWON_S3_BUCKET is empty (docs/deploy.md)")
        self.bucket, self.prefix = settings.s3_bucket, settings.s3_prefix
        if client is None:
            import boto3

            options = {"endpoint_url": settings.s3_endpoint_url or None, "region_name": settings.s3_region or None}
            if settings.s3_access_key:
                options.update(aws_access_key_id=settings.s3_access_key, aws_secret_access_key=settings.s3_secret_key)
            client = boto3.client("s3", **options)
        self.client = client

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + checked(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + checked(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + checked(key))


_cache: dict[tuple, PhotoStorage] = {}


def photo_storage(settings: Settings) -> PhotoStorage:
    """The storage the settings name (one per configuration per process)."""
    if settings.photo_storage not in ("local", "s3"):
        raise ValueError(f"MINWON_PHOTO_STORAGE must be 'local' or 's3', not {settings.photo_storage!r}")
    marker = (settings.photo_storage, str(settings.data_dir), settings.s3_bucket, settings.s3_endpoint_url)
    if marker not in _cache:
        _cache[marker] = (S3PhotoStorage(settings) if settings.photo_storage == "s3"
                          else LocalPhotoStorage(settings.data_dir / "photos"))
    return _cache[marker]
