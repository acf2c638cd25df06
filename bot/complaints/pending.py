"""What the channels call when a resident sends a photo or a position during the complaint form:
check, store, and remember it for the conversation until the complaint is filed
(bot/complaints/attachments.py moves it onto the complaint)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.attachments import (MAX_PHOTOS, PENDING_LIFETIME, PendingAttachment, pending_photo_count,
                                        sender_hash)
from bot.complaints.dong_areas import FILE, DongArea, dong_at, load_dong_areas, valid_position
from bot.complaints.photo_storage import new_key, photo_storage
from bot.complaints.photos import PhotoRefused, inspect_photo
from bot.knowledge.files import KnowledgeError
from bot.settings import Settings
from bot.storage import engine_for, migrate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhotoReceipt:
    count: int                            # photos this conversation has sent so far (at most MAX_PHOTOS)
    gps: tuple[float, float] | None       # found in the photo's EXIF: offered to the resident, not stored
    gps_dong: str | None = None


@dataclass(frozen=True)
class PlaceReceipt:
    latitude: float
    longitude: float
    dong: str | None                      # None: outside the district's dongs


class PendingAttachments:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = engine_for(settings.database)
        self._areas: tuple[float, list[DongArea]] | None = None

    def _session(self) -> Session:
        migrate(self.settings.database)
        return Session(self.engine, expire_on_commit=False)

    def areas(self) -> list[DongArea]:
        """The table as staff last saved it (re-read when the file changes; a broken edit keeps the last good one)."""
        path = self.settings.tables_dir / FILE
        stamp = path.stat().st_mtime if path.exists() else 0.0
        if self._areas is None or self._areas[0] != stamp:
            try:
                self._areas = (stamp, load_dong_areas(self.settings.tables_dir, base=self.settings.knowledge_dir))
            except KnowledgeError:
                if self._areas is None:
                    raise
                logger.exception("dong_areas.csv not reloaded: keeping the last good version")
                self._areas = (stamp, self._areas[1])
        return self._areas[1]

    def dong_at(self, latitude: float, longitude: float) -> str | None:
        return dong_at(self.areas(), latitude, longitude)

    def add_photo(self, sender: str, data: bytes) -> PhotoReceipt:
        """PhotoRefused (reason photo_*) when the file is refused or the conversation already sent three."""
        with self._session() as session:
            if pending_photo_count(session, sender) >= MAX_PHOTOS:
                raise PhotoRefused("photo_too_many")
        photo = inspect_photo(data, self.settings.photo_max_bytes, self.settings.photo_max_pixels)
        self._drop_expired()
        key = new_key(dt.date.today().year)
        photo_storage(self.settings).put(key, photo.data, photo.content_type)
        with self._session() as session, session.begin():
            session.add(PendingAttachment(sender_hash=sender_hash(sender), kind="photo", storage_key=key,
                                          content_type=photo.content_type, width=photo.width, height=photo.height,
                                          size_bytes=len(photo.data)))
            session.flush()
            count = pending_photo_count(session, sender)
        gps_dong = self.dong_at(*photo.gps) if photo.gps else None
        return PhotoReceipt(count, photo.gps, gps_dong)

    def _drop_expired(self, at_most: int = 20) -> None:
        """Photos of forms never filed, past their two hours: a few at each upload (and all by `minwon purge`),
        so uploads that never become complaints cannot fill the disk between two purges."""
        since = dt.datetime.now(dt.timezone.utc) - PENDING_LIFETIME
        with self._session() as session, session.begin():
            stale = list(session.scalars(select(PendingAttachment).where(PendingAttachment.created_at < since)
                                         .order_by(PendingAttachment.id).limit(at_most)))
            for row in stale:
                if row.storage_key:
                    photo_storage(self.settings).delete(row.storage_key)
                session.delete(row)

    def add_location(self, sender: str, latitude: float, longitude: float) -> PlaceReceipt:
        """The conversation's position (a later one replaces it when filed). ValueError when not a position;
        a position outside the district's dongs is answered (dong None) but not kept."""
        if not valid_position(latitude, longitude):
            raise ValueError("not a position on Earth")
        dong = self.dong_at(latitude, longitude)
        if dong is None:
            return PlaceReceipt(latitude, longitude, None)
        with self._session() as session, session.begin():
            session.add(PendingAttachment(sender_hash=sender_hash(sender), kind="location", latitude=latitude,
                                          longitude=longitude, dong=dong))
        return PlaceReceipt(latitude, longitude, dong)

    def place_of(self, sender: str) -> PlaceReceipt | None:
        """The position this conversation sent last (for a form that wants to skip asking the dong)."""
        since = dt.datetime.now(dt.timezone.utc) - PENDING_LIFETIME
        with self._session() as session:
            row = session.scalar(select(PendingAttachment).where(
                PendingAttachment.sender_hash == sender_hash(sender), PendingAttachment.kind == "location",
                PendingAttachment.created_at >= since).order_by(PendingAttachment.id.desc()).limit(1))
        return PlaceReceipt(row.latitude, row.longitude, row.dong or None) if row else None
