"""Answers shaped exactly like KSeF's: bodies, content types and headers, errors included.

Domain modules raise a :class:`Rejection`; the views turn it into the answer KSeF would give.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse

from portal.ksef.protocol import (
    CONTENT_TYPE_JSON,
    CONTENT_TYPE_PROBLEM_JSON,
    ERROR_FORMAT_PROBLEM_DETAILS,
    EXCEPTION_DESCRIPTIONS,
    FIREWALL_BLOCK_TITLE,
    HEADER_ERROR_FORMAT,
    HEADER_RETRY_AFTER,
    HEADER_TRACE_ID,
    ExceptionCode,
)
from portal.simulator import clock


def trace_id() -> str:
    return secrets.token_hex(16)


def json_response(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type=CONTENT_TYPE_JSON
    )


def _problem(
    data: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type=CONTENT_TYPE_PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _wants_problem_details(request: HttpRequest) -> bool:
    return request.headers.get(HEADER_ERROR_FORMAT, "").lower() == ERROR_FORMAT_PROBLEM_DETAILS


class Rejection(Exception):
    """An error answer; ``response(request)`` renders it as KSeF would."""

    def response(self, request: HttpRequest) -> HttpResponse:
        raise NotImplementedError


class BadRequest(Rejection):
    def __init__(self, code: ExceptionCode, *details: str) -> None:
        super().__init__(f"{int(code)} {' '.join(details)}")
        self.code = code
        self.details = list(details)

    def response(self, request: HttpRequest) -> HttpResponse:
        description = EXCEPTION_DESCRIPTIONS[self.code]
        now = clock.now().isoformat()
        if _wants_problem_details(request):
            return _problem(
                {
                    "title": "Bad Request",
                    "status": 400,
                    "instance": request.path,
                    "detail": description,
                    "errors": [
                        {
                            "code": int(self.code),
                            "description": description,
                            "details": self.details,
                        }
                    ],
                    "timestamp": now,
                    "traceId": trace_id(),
                },
                400,
            )
        # The older shape, still KSeF's default without X-Error-Format.
        return json_response(
            {
                "exception": {
                    "exceptionDetailList": [
                        {
                            "exceptionCode": int(self.code),
                            "exceptionDescription": description,
                            "details": self.details,
                        }
                    ],
                    "serviceCode": trace_id(),
                    "serviceCtx": "srvSIMKSEF",
                    "serviceName": "ksef-simulator",
                    "timestamp": now,
                }
            },
            400,
        )


class Unauthorized(Rejection):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def response(self, request: HttpRequest) -> HttpResponse:
        return _problem(
            {
                "title": "Unauthorized",
                "status": 401,
                "detail": self.detail,
                "instance": request.path,
                "traceId": trace_id(),
                "timestamp": clock.now().isoformat(),
            },
            401,
        )


class Forbidden(Rejection):
    """A 403 ``ForbiddenProblemDetails`` with its reasonCode and security data."""

    def __init__(self, reason_code: str, detail: str, security: dict[str, Any] | None) -> None:
        super().__init__(reason_code)
        self.reason_code = reason_code
        self.detail = detail
        self.security = security

    def response(self, request: HttpRequest) -> HttpResponse:
        return _problem(
            {
                "title": "Forbidden",
                "status": 403,
                "detail": self.detail,
                "instance": request.path,
                "reasonCode": self.reason_code,
                "security": self.security,
                "traceId": trace_id(),
                "timestamp": clock.now().isoformat(),
            },
            403,
        )


class TooManyRequests(Rejection):
    def __init__(self, retry_after_seconds: int, detail: str) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds
        self.detail = detail

    def response(self, request: HttpRequest) -> HttpResponse:
        headers = {HEADER_RETRY_AFTER: str(self.retry_after_seconds)}
        if _wants_problem_details(request):
            return _problem(
                {
                    "title": "Too Many Requests",
                    "status": 429,
                    "instance": request.path,
                    "detail": self.detail,
                    "timestamp": clock.now().isoformat(),
                    "traceId": trace_id(),
                },
                429,
                headers,
            )
        response = json_response(
            {
                "status": {
                    "code": 429,
                    "description": "Too Many Requests",
                    "details": [self.detail],
                }
            },
            429,
        )
        response[HEADER_RETRY_AFTER] = str(self.retry_after_seconds)
        return response


class ServiceUnavailable(Rejection):
    """What the front of KSeF answers during an outage or maintenance (outside the OpenAPI)."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("unavailable")
        self.retry_after_seconds = retry_after_seconds

    def response(self, request: HttpRequest) -> HttpResponse:
        return _problem(
            {
                "title": "Service Unavailable",
                "status": 503,
                "detail": "Usługa chwilowo niedostępna. Spróbuj ponownie później.",
                "instance": request.path,
                "traceId": trace_id(),
                "timestamp": clock.now().isoformat(),
            },
            503,
            {HEADER_RETRY_AFTER: str(self.retry_after_seconds)},
        )


# The Server header of the gateway's empty 403 on POST /sessions/online (CIRFMF/ksef-api issue
# 482, one report, with Trace-Id, x-azure-ref and X-CDN: Imperva). An empty 403 for a bad bearer
# on DEMO came with "Kestrel" instead (issue 628); the simulator does not reproduce that one.
GATEWAY_SERVER = "API-Gateway"
GATEWAY_CDN = "Imperva"


def with_gateway_headers(response: HttpResponse) -> HttpResponse:
    """The headers the gateway's 403s carry: the only clues support can find them by."""
    response[HEADER_TRACE_ID] = trace_id()
    response["x-azure-ref"] = clock.now().strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(12)
    response["Server"] = GATEWAY_SERVER
    response["X-CDN"] = GATEWAY_CDN
    return response


class GatewayForbidden(Rejection):
    """The gateway in front of KSeF: 403 with an empty body; headers are the only clues."""

    def response(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"", status=403)
        del response["Content-Type"]
        return with_gateway_headers(response)


class FirewallBlocked(Rejection):
    """The firewall's "Request blocked": problem-like JSON without a reasonCode."""

    def __init__(self, incident_id: str, client_ip: str) -> None:
        super().__init__("firewall")
        self.incident_id = incident_id
        self.client_ip = client_ip

    def response(self, request: HttpRequest) -> HttpResponse:
        # The body as reported in CIRFMF/ksef-api issue 617 (issue 761 had an empty detail).
        # No report shows this answer's headers: it gets those of the gateway's own 403.
        return _problem(
            {
                "title": FIREWALL_BLOCK_TITLE,
                "status": 403,
                "detail": "This request was blocked by our security service",
                "security": {"incidentId": self.incident_id, "clientIp": self.client_ip},
            },
            403,
            {"Server": GATEWAY_SERVER, "X-CDN": GATEWAY_CDN},
        )


# The page the CDN in front of KSeF serves instead of KSeF's answer: HTTP 200 and a script a
# browser would run before the real answer comes (CIRFMF/ksef-api issue 264, Imperva).
JS_CHALLENGE_PAGE = (
    '<html>\n<head>\n<META NAME="robots" CONTENT="noindex,nofollow">\n'
    '<script src="/_Incapsula_Resource?SWJIYLWA={nonce}"></script>\n'
    "<body>\n</body></html>\n"
)
# A block page of the same CDN: a 403 that is a web page, not KSeF's problem details. Its text is
# the simulator's own; the headers are those the gateway's 403 has.
BLOCK_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Access denied</title></head>\n"
    "<body><p>Request unsuccessful. Incident ID: {incident}</p></body></html>\n"
)


class JavaScriptChallenge(Rejection):
    def response(self, request: HttpRequest) -> HttpResponse:
        page = JS_CHALLENGE_PAGE.format(nonce=secrets.token_hex(16))
        response = HttpResponse(page, status=200, content_type="text/html")
        response["X-CDN"] = GATEWAY_CDN
        return response


class HtmlForbidden(Rejection):
    def response(self, request: HttpRequest) -> HttpResponse:
        page = BLOCK_PAGE.format(incident=secrets.token_hex(8))
        return with_gateway_headers(HttpResponse(page, status=403, content_type="text/html"))
