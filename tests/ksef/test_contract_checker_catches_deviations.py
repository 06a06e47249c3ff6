"""The contract checker itself: it must flag a request or answer the OpenAPI document forbids,
or the contract tests around it could never fail."""

from __future__ import annotations

import json

import requests

from tests.ksef.contract import ContractSession

BASE = "http://sim.invalid/ksef-sim/test/v2"


class _Canned(requests.adapters.BaseAdapter):
    def __init__(self, status: int, body: object, content_type: str = "application/json") -> None:
        super().__init__()
        self.status, self.body, self.content_type = status, body, content_type

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        response = requests.Response()
        response.status_code = self.status
        response.headers["Content-Type"] = self.content_type
        response._content = json.dumps(self.body).encode()
        response.request = request
        response.url = request.url
        return response

    def close(self) -> None:
        pass


def _session(adapter: _Canned) -> ContractSession:
    session = ContractSession(BASE)
    session.mount("http://", adapter)
    return session


def test_a_challenge_answer_missing_a_required_field_is_a_violation():
    session = _session(_Canned(200, {"challenge": "x" * 36, "timestamp": "2026-11-25T09:00:00Z"}))
    session.post(f"{BASE}/auth/challenge", json={})
    assert [(v.kind, v.status) for v in session.violations] == [("response", 200)]
    assert "timestampMs" in session.violations[0].error


def test_a_status_the_operation_does_not_document_is_a_violation():
    session = _session(_Canned(418, {"title": "teapot"}, "application/problem+json"))
    session.post(f"{BASE}/auth/challenge", json={})
    assert [v.status for v in session.violations] == [418]


def test_a_request_missing_its_bearer_token_is_a_violation():
    session = _session(
        _Canned(201, {"referenceNumber": "x" * 36, "validUntil": "2026-11-25T09:00:00Z"})
    )
    session.post(f"{BASE}/sessions/online", json={"formCode": {}, "encryption": {}})
    assert [v.kind for v in session.violations][:1] == ["request"]


def test_a_well_formed_exchange_is_not_a_violation():
    session = _session(
        _Canned(
            200,
            {
                "challenge": "20261125-CR-0123456789-0123456789-01",
                "timestamp": "2026-11-25T09:00:00+00:00",
                "timestampMs": 1764061200000,
                "clientIp": "127.0.0.1",
            },
        )
    )
    session.post(f"{BASE}/auth/challenge", json={})
    assert session.violations == []
    assert session.checked == [("POST", "/v2/auth/challenge", 200)]
