"""The staff side of a live conversation: a server-sent-events stream of every new line
(resident, staff, system, internal note) and of the conversation's state."""
from __future__ import annotations

import json
import time

from flask import Response, stream_with_context

from bot.handoff.inbox import Inbox
from bot.handoff.models import STATES, Handoff


def staff_stream(inbox: Inbox, broker, handoff: Handoff, after: int, settings) -> Response:
    def lines():
        listener = broker.listen(handoff.conversation_id)
        deadline = time.monotonic() + settings.handoff_stream_seconds
        last_state, seen = None, after
        try:
            yield "retry: 2000\n\n"
            while time.monotonic() < deadline:
                for line in inbox.messages(handoff.id):
                    if line.id > seen:
                        seen = line.id
                        body = {"id": line.id, "author": line.author, "staff": line.staff_name, "text": line.text,
                                "at": line.at.isoformat()}
                        yield f"id: {line.id}\nevent: line\ndata: {json.dumps(body, ensure_ascii=False)}\n\n"
                state = inbox.get(handoff.id).state
                if state != last_state:
                    last_state = state
                    yield f"event: state\ndata: {json.dumps({'state': state, 'label': STATES.get(state, state)})}\n\n"
                if not listener.wait(settings.handoff_heartbeat_seconds):
                    yield ": keep-alive\n\n"
        finally:
            listener.close()

    return Response(stream_with_context(lines()), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
