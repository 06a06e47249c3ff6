from __future__ import annotations

import json

from portal.ksef.errors import BODY_CAP_CHARS, KsefHttpError


def _error(status, body, content_type="application/problem+json", headers=None):  # type: ignore[no-untyped-def]
    return KsefHttpError(
        status=status,
        method="POST",
        path="/sessions/online",
        content_type=content_type,
        body=body if isinstance(body, str) else json.dumps(body),
        headers=headers or {"Content-Type": content_type},
    )


def test_problem_details_400_yields_codes_and_trace_id():
    error = _error(
        400,
        {
            "title": "Bad Request",
            "status": 400,
            "instance": "/v2/auth/ksef-token",
            "detail": "Nieprawidłowe wyzwanie autoryzacyjne.",
            "errors": [{"code": 21111, "description": "Nieprawidłowe wyzwanie autoryzacyjne."}],
            "timestamp": "2026-11-25T09:00:00+00:00",
            "traceId": "abc123",
        },
    )
    assert (error.exception_codes, error.trace_id, error.is_problem_details) == (
        [21111],
        "abc123",
        True,
    )
    assert "codes=21111" in str(error)


def test_legacy_exception_400_yields_the_same_codes():
    error = _error(
        400,
        {
            "exception": {
                "exceptionDetailList": [
                    {"exceptionCode": 21470, "exceptionDescription": "Klucz", "details": ["x"]}
                ],
                "timestamp": "2026-11-25T09:00:00",
            }
        },
        content_type="application/json",
    )
    assert error.exception_codes == [21470]
    assert error.exception_details == [{"code": 21470, "description": "Klucz", "details": ["x"]}]
    assert not error.is_problem_details


def test_forbidden_problem_details_yield_reason_code_and_security():
    error = _error(
        403,
        {
            "title": "Forbidden",
            "status": 403,
            "detail": "Brak uprawnień",
            "reasonCode": "missing-permissions",
            "security": {"requiredAnyOfPermissions": ["InvoiceWrite"], "presentPermissions": []},
            "traceId": "t-1",
        },
    )
    assert error.reason_code == "missing-permissions"
    assert error.security["requiredAnyOfPermissions"] == ["InvoiceWrite"]
    assert not error.is_firewall_block


def test_empty_gateway_403_keeps_only_allowlisted_headers():
    headers = {
        "trace-id": "gw-1",
        "X-Azure-Ref": "ref",
        "Server": "gw",
        "X-CDN": "Imperva",
        "Set-Cookie": "session=secret",
        "Authorization": "Bearer secret",
    }
    error = _error(403, "", content_type="", headers=headers)
    assert error.headers == {
        "Trace-Id": "gw-1",
        "x-azure-ref": "ref",
        "Server": "gw",
        "X-CDN": "Imperva",
    }
    assert (error.is_empty_body, error.json, error.trace_id) == (True, None, "gw-1")
    assert "empty body" in str(error)


def test_firewall_block_is_recognised_without_reason_code():
    error = _error(
        403, {"title": "Request blocked", "security": {"incidentId": "1", "clientIp": "x"}}
    )
    assert error.is_firewall_block
    assert error.reason_code is None


def test_429_in_the_older_shape_keeps_retry_after():
    error = _error(
        429,
        {"status": {"code": 429, "description": "Too Many Requests", "details": ["wait"]}},
        content_type="application/json",
        headers={"Retry-After": "17"},
    )
    assert error.retry_after_seconds == 17
    assert error.exception_codes == []


def test_html_body_is_capped_and_not_parsed():
    page = "<html>" + "x" * (BODY_CAP_CHARS * 2) + "</html>"
    error = _error(502, page, content_type="text/html")
    assert (len(error.body), error.body_truncated, error.json) == (BODY_CAP_CHARS, True, None)
    assert error.retry_after_seconds is None
