"""A loopback stand-in for NHN Cloud's SMS API v3.0 (https://docs.nhncloud.com/ko/Notification/SMS/ko/api-guide/):
``POST /sms/v3.0/appKeys/{appKey}/sender/sms`` with ``X-Secret-Key``, a JSON body of ``body``, ``sendNo``
and ``recipientList`` [{``recipientNo``, ``recipientGroupingKey``}], answered with NHN's
``{"header": {"isSuccessful", "resultCode", "resultMessage"}, "body": {"data": …}}``.

As a receiver that keeps its promise of idempotency, it delivers each ``recipientGroupingKey`` to
the phone once (``delivered``), however often it is posted (``posted``). Tests can make it fail the
next N posts (HTTP 500) or hold the next post until released (to crash the sender mid-send)."""
from __future__ import annotations

import json
import re

from tests.fakes.wire import LoopbackProvider, nhn_header

PATH = re.compile(r"^/sms/v3\.0/appKeys/(?P<app>[A-Za-z0-9]+)/sender/sms$")


class FakeNhnSms(LoopbackProvider):
    def __init__(self, app_key: str = "testAppKey", secret_key: str = "test-secret") -> None:
        super().__init__(post=self.handle)
        self.app_key, self.secret_key = app_key, secret_key
        self.posted: list[dict] = []
        self.delivered: dict[str, dict] = {}

    def handle(self, path: str, headers, body: bytes) -> tuple[int, dict]:
        match = PATH.match(path)
        if not match or match["app"] != self.app_key:
            return 404, nhn_header(False, -1000, "Invalid appKey")
        if headers.get("X-Secret-Key") != self.secret_key:
            return 401, nhn_header(False, -1001, "Invalid secretKey")
        try:
            request = json.loads(body)
            recipients = request["recipientList"]
            assert isinstance(request["body"], str) and request["body"] and request["sendNo"].isdigit()
            assert recipients and all(r["recipientNo"].isdigit() for r in recipients)
        except (ValueError, KeyError, TypeError, AssertionError):
            return 400, nhn_header(False, -2000, "Invalid request body")
        with self.lock:
            self.posted.append(request)
            for recipient in recipients:
                key = recipient.get("recipientGroupingKey") or f"no-key-{len(self.posted)}"
                self.delivered.setdefault(key, {"to": recipient["recipientNo"], "text": request["body"]})
            failing = self.fail_next > 0
            self.fail_next -= 1 if failing else 0
        if not self.hold.is_set():
            self.held.set()
            self.hold.wait(60)
        if failing:
            return 500, nhn_header(False, -9999, "Internal server error")
        result = [{"recipientNo": r["recipientNo"], "resultCode": 0, "resultMessage": "SUCCESS", "recipientSeq": i + 1,
                   "recipientGroupingKey": r.get("recipientGroupingKey")} for i, r in enumerate(recipients)]
        answer = nhn_header(True, 0, "SUCCESS")
        answer["body"] = {"data": {"requestId": f"2026120701{len(self.posted):06d}", "statusCode": "2",
                                   "senderGroupingKey": None, "sendResultList": result}}
        return 200, answer
