""""지워 주세요 / delete what I sent": this conversation's stored events leave Rasa's tracker store.

``action_converse`` answers a privacy request with ``Restarted`` and then sets the ``forgotten`` slot (the
marker). After that turn — under the conversation's lock, so no other turn of it runs meanwhile — the
minwon channel (bot/nlu/channel.py) deletes every stored event of the conversation, in every session,
and stores again only what came after the marker (the reply saying what was deleted, and the dialogue
manager's fresh state). The marker itself is not stored again, so the next turn deletes nothing.

Supported stores: Rasa's in-memory store (the default) and its SQL store (production, PostgreSQL). With
another store nothing is deleted here and a warning says so: docs/deploy.md gives its retention job.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)
MARKER = "forgotten"


def forgets(events: list[Event]) -> bool:
    """The events of a turn hold the marker of a privacy request."""
    return any(isinstance(e, SlotSet) and e.key == MARKER and e.value for e in events)


def _kept(events: list[Event]) -> list[Event]:
    """What comes after the last marker."""
    last = max((i for i, e in enumerate(events) if isinstance(e, SlotSet) and e.key == MARKER and e.value),
               default=-1)
    return events[last + 1:]


def underlying(store: Any) -> TrackerStore:
    """The store under Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


async def forget_conversation(agent: Any, sender_id: str) -> bool:
    """Delete the conversation's stored events, keeping only those after the marker. True when done."""
    store = agent.tracker_store
    base = underlying(store)
    if not isinstance(base, (InMemoryTrackerStore, SQLTrackerStore)):
        logger.warning("a privacy request could not delete the stored conversation from a %s: run the retention "
                       "job of docs/deploy.md", type(base).__name__)
        return False
    async with agent.lock_store.lock(sender_id):
        tracker = await store.retrieve_full_tracker(sender_id)
        if tracker is None or not forgets(list(tracker.events)):
            return False
        kept = _kept(list(tracker.events))
        if isinstance(base, SQLTrackerStore):
            with base.session_scope() as session:
                session.query(base.SQLEvent).filter(base.SQLEvent.sender_id == sender_id).delete()
                session.commit()
        else:
            base.store.pop(sender_id, None)
        fresh = DialogueStateTracker.from_events(sender_id, kept, store.domain.slots if store.domain else [])
        await store.save(fresh)
    logger.info("a privacy request deleted a conversation's stored events (%d kept after it)", len(kept))
    return True
