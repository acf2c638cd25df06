"""A loopback stand-in for NHN Cloud's KakaoTalk Bizmessage 알림톡 API v2.3
(https://docs.nhncloud.com/ko/Notification/KakaoTalk%20Bizmessage/ko/alimtalk-api-guide/):

- ``POST /alimtalk/v2.3/appkeys/{appkey}/messages`` (메시지 치환 발송) with ``X-Secret-Key`` and the optional
  ``X-NC-API-IDEMPOTENCY-KEY``; a JSON body of ``senderKey``, ``templateCode`` and ``recipientList``
  [{``recipientNo``, ``templateParameter``, ``resendParameter``?, ``recipientGroupingKey``?}], answered with
  ``{"header": {"resultCode", "resultMessage", "isSuccessful"}, "message": {"requestId", "senderGroupingKey",
  "sendResults": [{"recipientSeq", "recipientNo", "resultCode", "resultMessage", "recipientGroupingKey"}]}}``;
- ``GET`` on the same path (메시지 리스트 조회) with ``startCreateDate``/``endCreateDate`` (or ``requestId``)
  and the ``recipientGroupingKey`` filter, answered with ``messageSearchResultResponse.messages``.

Like NHN it checks the app key, the secret key, the sender key, that the template is one Kakao approved and
that every ``#{variable}`` of it has a value. As NHN documents, a second request with the same
idempotency key within ten minutes is refused (NHN's guide gives no result code for it: the -9100 here is
ours, and minwon does not depend on it). ``delivered`` is what reached phones: 알림톡, or the SMS NHN sends
instead (대체 발송) to a phone without KakaoTalk when the request asked for it. Tests can fail the next N
posts (HTTP 500) or hold the next post until released (the sender crashes or gives up meanwhile)."""
from __future__ import annotations

import datetime as dt
import json
import re
import time
from urllib.parse import parse_qs, urlsplit

from tests.fakes.wire import LoopbackProvider, nhn_header

PATH = re.compile(r"^/alimtalk/v2\.3/appkeys/(?P<app>[A-Za-z0-9]+)/messages$")
TEMPLATES = {   # the templates docs/channels.md asks a district to register
    "MW_NOTICE": "안녕하세요, #{기관}입니다. 접수하신 민원의 처리 상황을 알려 드립니다.\n\n#{안내}\n\n"
                 "민원을 접수하실 때 연락처를 남기고 알림에 동의하신 분께 보내 드립니다.",
    "MW_REPLY": "[#{기관}] 상담 직원이 답했어요.\n\n#{답변}\n\n카카오톡 채널에서 이어서 대화하세요.",
}
IDEMPOTENCY_WINDOW = 600.0


class FakeNhnAlimtalk(LoopbackProvider):
    def __init__(self, app_key: str = "alimAppKey", secret_key: str = "alim-secret",
                 sender_key: str = "a" * 40) -> None:
        super().__init__(post=self.post, get=self.search)
        self.app_key, self.secret_key, self.sender_key = app_key, secret_key, sender_key
        self.templates = dict(TEMPLATES)
        self.posted: list[dict] = []          # every request body that reached us
        self.messages: list[dict] = []        # what NHN keeps (the message list)
        self.delivered: list[dict] = []       # what reached a phone
        self.without_kakaotalk: set[str] = set()
        self.idempotency: dict[str, float] = {}

    def _refused(self, path: str, headers) -> tuple[int, dict] | None:
        match = PATH.match(urlsplit(path).path)
        if not match or match["app"] != self.app_key:
            return 404, nhn_header(False, -1000, "Invalid appKey")
        if headers.get("X-Secret-Key") != self.secret_key:
            return 401, nhn_header(False, -1001, "Invalid secretKey")
        return None

    def post(self, path: str, headers, body: bytes) -> tuple[int, dict]:
        refused = self._refused(path, headers)
        if refused:
            return refused
        try:
            request = json.loads(body)
            recipients = request["recipientList"]
            template = self.templates[request["templateCode"]]
            assert request["senderKey"] == self.sender_key and recipients
            contents = [_filled(template, r["templateParameter"]) for r in recipients]
            assert all(r["recipientNo"].isdigit() and len(r.get("recipientGroupingKey") or "") <= 100
                       for r in recipients)
        except (ValueError, KeyError, TypeError, AssertionError):
            return 400, nhn_header(False, -2000, "Invalid request body")
        key = headers.get("X-NC-API-IDEMPOTENCY-KEY")
        with self.lock:
            self.posted.append(request)
            if key and time.monotonic() - self.idempotency.get(key, -IDEMPOTENCY_WINDOW) < IDEMPOTENCY_WINDOW:
                return 200, nhn_header(False, -9100, "Duplicated request (X-NC-API-IDEMPOTENCY-KEY)")
            failing = self.fail_next > 0
            self.fail_next -= 1 if failing else 0
            if not failing:
                if key:
                    self.idempotency[key] = time.monotonic()
                request_id = f"20261207{len(self.posted):010d}"
                for seq, (recipient, content) in enumerate(zip(recipients, contents), 1):
                    self._keep(request_id, seq, request["templateCode"], recipient, content)
        if not self.hold.is_set():
            self.held.set()
            self.hold.wait(60)
        if failing:
            return 500, nhn_header(False, -9999, "Internal server error")
        results = [{"recipientSeq": seq, "recipientNo": r["recipientNo"], "resultCode": 0, "resultMessage": "SUCCESS",
                    "recipientGroupingKey": r.get("recipientGroupingKey")} for seq, r in enumerate(recipients, 1)]
        answer = nhn_header(True, 0, "SUCCESS")
        answer["message"] = {"requestId": request_id, "senderGroupingKey": None, "sendResults": results}
        return 200, answer

    def _keep(self, request_id: str, seq: int, template: str, recipient: dict, content: str) -> None:
        number = recipient["recipientNo"]
        resend = recipient.get("resendParameter") or {}
        via = "alimtalk"
        if number in self.without_kakaotalk:
            via = "sms" if resend.get("isResend") and resend.get("resendSendNo") else None
        self.messages.append({"requestId": request_id, "recipientSeq": seq, "templateCode": template,
                              "recipientNo": number, "content": content, "senderKey": self.sender_key,
                              "createDate": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
                              "messageStatus": "COMPLETED" if via else "FAILED",
                              "recipientGroupingKey": recipient.get("recipientGroupingKey")})
        if via:
            self.delivered.append({"to": number, "text": content, "via": via, "template": template,
                                   "key": recipient.get("recipientGroupingKey")})

    def search(self, path: str, headers) -> tuple[int, dict]:
        refused = self._refused(path, headers)
        if refused:
            return refused
        query = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
        if "requestId" not in query and not ({"startCreateDate", "endCreateDate"} <= set(query)
                                             or {"startRequestDate", "endRequestDate"} <= set(query)):
            return 400, nhn_header(False, -2000, "requestId or a date range is required")
        with self.lock:
            found = [m for m in self.messages
                     if all(m.get(k) == query[k] for k in ("requestId", "recipientGroupingKey", "recipientNo")
                            if k in query)]
        answer = nhn_header(True, 0, "SUCCESS")
        answer["messageSearchResultResponse"] = {"messages": found, "totalCount": len(found)}
        return 200, answer



def _filled(template: str, values: dict) -> str:
    """The template with every #{variable} replaced; a missing value is a refused request."""
    def value(match: re.Match) -> str:
        found = values[match.group(1)]
        assert isinstance(found, str)
        return found
    return re.sub(r"#\{([^}]+)\}", value, template)
