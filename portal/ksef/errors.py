"""One family of errors for everything that can go wrong talking to KSeF. None holds a request
body or header, or a token: only the response (capped), the method and the path, whose only
identifiers are reference numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from portal.ksef.protocol import ERROR_HEADER_ALLOWLIST, FIREWALL_BLOCK_TITLE, AuthStatus

# Error bodies are small; anything longer is a proxy's HTML page and a few KB of it is plenty.
BODY_CAP_CHARS = 4000


class KsefError(Exception):
    """Base of every error the KSeF client raises."""


class KsefHttpError(KsefError):
    """KSeF (or something in front of it) answered with a status outside 2xx.

    The fields are read from either error shape: problem details, and the older
    ``exception.exceptionDetailList`` that 400 answers without ``X-Error-Format`` have.
    """

    def __init__(
        self,
        *,
        status: int,
        method: str,
        path: str,
        content_type: str,
        body: str,
        headers: Mapping[str, str],
    ) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.content_type = content_type
        self.body = body[:BODY_CAP_CHARS]
        self.body_truncated = len(body) > BODY_CAP_CHARS
        lowered = {name.lower(): value for name, value in headers.items()}
        self.headers = {
            name: lowered[name.lower()]
            for name in ERROR_HEADER_ALLOWLIST
            if name.lower() in lowered
        }
        try:
            self.json: Any = json.loads(body) if body.strip() else None
        except ValueError:
            self.json = None
        data = self.json if isinstance(self.json, dict) else {}
        self.title = _text(data, "title")
        self.detail = _text(data, "detail")
        self.reason_code = _text(data, "reasonCode")
        security = data.get("security")
        self.security: dict[str, Any] = security if isinstance(security, dict) else {}
        self.trace_id = _text(data, "traceId") or self.headers.get("Trace-Id")
        self.exception_details = _exception_details(data)
        self.exception_codes: list[int] = [entry["code"] for entry in self.exception_details]
        retry_after = self.headers.get("Retry-After", "").strip()
        self.retry_after_seconds = int(retry_after) if retry_after.isdigit() else None
        self.system_warning = self.headers.get("X-System-Warning")
        self.is_problem_details = "problem+json" in content_type
        self.is_empty_body = not self.body.strip()
        self.is_html_page = is_html(content_type, self.body)
        # The firewall's 403 says "Request blocked" and has no reasonCode.
        self.is_firewall_block = (
            status == 403 and self.title == FIREWALL_BLOCK_TITLE and not self.reason_code
        )
        summary = [f"KSeF answered {status} to {method} {path}"]
        if self.reason_code:
            summary.append(f"reasonCode={self.reason_code}")
        if self.exception_codes:
            summary.append("codes=" + ",".join(str(code) for code in self.exception_codes))
        if self.trace_id:
            summary.append(f"traceId={self.trace_id}")
        if self.is_empty_body:
            summary.append("empty body")
        super().__init__("; ".join(summary))


def is_html(content_type: str, body: str | None) -> bool:
    """A web page rather than an answer of KSeF's API: what the CDN in front of KSeF serves
    (a block page, a JavaScript challenge)."""
    return "html" in content_type.lower() or (body or "").lstrip().startswith("<")


def _text(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    return value if isinstance(value, str) else None


def _exception_details(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Entries ``{code, description, details}`` of both shapes: ``errors: [{code, description,
    details}]`` and ``exception.exceptionDetailList: [{exceptionCode, exceptionDescription,
    details}]``."""
    exception = data.get("exception")
    shapes = [
        (data.get("errors"), "code", "description"),
        (
            exception.get("exceptionDetailList") if isinstance(exception, dict) else None,
            "exceptionCode",
            "exceptionDescription",
        ),
    ]
    return [
        {
            "code": item[code],
            "description": item.get(description) or "",
            "details": list(item.get("details") or []),
        }
        for items, code, description in shapes
        if isinstance(items, list)
        for item in items
        if isinstance(item, dict) and isinstance(item.get(code), int)
    ]


class TransportErrorKind(StrEnum):
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    TLS = "tls"
    OTHER = "other"


class KsefTransportError(KsefError):
    """No HTTP answer at all: a timeout, a refused or reset connection, a TLS failure."""

    def __init__(self, *, kind: TransportErrorKind, method: str, path: str, reason: str) -> None:
        self.kind = kind
        self.method = method
        self.path = path
        self.reason = reason
        super().__init__(f"{kind.value} on {method} {path}: {reason}")


class KsefResponseError(KsefError):
    """A 2xx answer whose body is not the JSON this call expects.

    ``body`` is kept (capped) only for calls whose answers carry no secret; otherwise it is None.
    """

    def __init__(
        self,
        *,
        status: int,
        method: str,
        path: str,
        content_type: str,
        problem: str,
        body: str | None,
    ) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.content_type = content_type
        self.problem = problem
        self.body = body[:BODY_CAP_CHARS] if body is not None else None
        self.is_html_page = is_html(content_type, self.body)
        super().__init__(f"unexpected {status} answer to {method} {path}: {problem}")


class KsefAuthFailed(KsefError):
    """The authentication operation ended with a status other than 200."""

    def __init__(self, status: AuthStatus, reference_number: str) -> None:
        self.status = status
        self.reference_number = reference_number
        details = "; ".join(status.details)
        super().__init__(
            f"authentication {reference_number} ended with {status.code} {status.description}"
            + (f" ({details})" if details else "")
        )

    @property
    def code(self) -> int:
        return self.status.code


class KsefAuthTimeout(KsefError):
    """The authentication operation was still in progress (100) when the caller's wait ran out."""

    def __init__(self, reference_number: str, waited_seconds: float) -> None:
        self.reference_number = reference_number
        self.waited_seconds = waited_seconds
        super().__init__(
            f"authentication {reference_number} still in progress after {waited_seconds:.1f} s"
        )


class KsefCertificateError(KsefError):
    """No published public-key certificate is valid now for the usage a call needs."""
