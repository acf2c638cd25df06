"""A small GeoReport v2 client written from the specification (http://wiki.open311.org/GeoReport_v2/),
not from minwon's code: the paths, parameters and field names are the spec's, and every answer is
checked against what the spec promises (required fields, status values, W3C dates, error arrays)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import requests

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}


class GeoReportError(Exception):
    """The server answered with the spec's error format: a list of {code, description}."""

    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"HTTP {status}: {errors}")
        self.status, self.errors = status, errors


def _w3c(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no time zone"
    return parsed


class GeoReport:
    def __init__(self, endpoint: str, api_key: str | None = None) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.api_key = api_key

    def _answer(self, response: requests.Response) -> Any:
        assert response.headers["Content-Type"].startswith("application/json"), response.headers["Content-Type"]
        body = response.json()
        if response.status_code >= 400:
            assert isinstance(body, list) and body, body
            for error in body:
                assert set(error) == {"code", "description"} and error["code"] == response.status_code, error
            raise GeoReportError(response.status_code, body)
        return body

    def services(self) -> list[dict]:
        found = self._answer(requests.get(f"{self.endpoint}/services.json", timeout=10))
        for service in found:
            assert SERVICE_FIELDS <= set(service), service
            assert service["type"] in ("realtime", "batch", "blackbox") and isinstance(service["metadata"], bool)
        return found

    def service_definition(self, service_code: str) -> dict:
        found = self._answer(requests.get(f"{self.endpoint}/services/{service_code}.json", timeout=10))
        assert found["service_code"] == service_code
        for attribute in found["attributes"]:
            assert {"variable", "code", "datatype", "required", "order", "description"} <= set(attribute)
            assert attribute["datatype"] in ("string", "number", "datetime", "text", "singlevaluelist",
                                             "multivaluelist")
        return found

    def post_request(self, service_code: str, *, attributes: dict[str, str] | None = None, **fields: Any) -> dict:
        data = {"api_key": self.api_key, "service_code": service_code, **fields}
        data.update({f"attribute[{code}]": value for code, value in (attributes or {}).items()})
        found = self._answer(requests.post(f"{self.endpoint}/requests.json", data={k: v for k, v in data.items()
                                                                                    if v is not None}, timeout=30))
        assert isinstance(found, list) and len(found) == 1
        assert found[0].get("service_request_id") or found[0].get("token"), found
        return found[0]

    def _checked(self, found: list[dict]) -> list[dict]:
        for request in found:
            assert REQUEST_FIELDS <= set(request), set(REQUEST_FIELDS) - set(request)
            assert request["status"] in ("open", "closed")
            _w3c(request["requested_datetime"]), _w3c(request["updated_datetime"]), _w3c(request["expected_datetime"])
        return found

    def requests(self, **filters: str) -> list[dict]:
        return self._checked(self._answer(requests.get(f"{self.endpoint}/requests.json", params=filters, timeout=10)))

    def request(self, service_request_id: str) -> dict:
        found = self._checked(self._answer(requests.get(f"{self.endpoint}/requests/{service_request_id}.json",
                                                        timeout=10)))
        assert len(found) == 1 and found[0]["service_request_id"] == service_request_id
        return found[0]
