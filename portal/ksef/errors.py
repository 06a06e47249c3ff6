"""One family of errors for everything that can go wrong talking to KSeF.

None of them ever holds a request body, a header of a request, or a token: what they keep comes
from the response (capped) and from the method and path, which carry reference numbers only.
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


def _allowlisted(headers: Mapping[str, str]) -> dict[str, str]:
    lowered = {name.lower(): value for name, value in headers.items()}
    return {
        name: lowered[name.lower()] for name in ERROR_HEADER_ALLOWLIST if name.lower() in lowered
    }


class KsefHttpError(KsefError):
    """KSeF (or something in front of it) answered with a status outside 2xx."""

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
        self.headers: dict[str, str] = _allowlisted(headers)
        self.json: Any = None
        if body.strip():
            try:
                self.json = json.loads(body)
            except ValueError:
                self.json = None
        super().__init__(self._summary())

    # -- Parsed fields of both error shapes ------------------------------------------------

    def _field(self, name: str) -> Any:
        return self.json.get(name) if isinstance(self.json, dict) else None

    @property
    def title(self) -> str | None:
        value = self._field("title")
        return value if isinstance(value, str) else None

    @property
    def detail(self) -> str | None:
        value = self._field("detail")
        return value if isinstance(value, str) else None

    @property
    def reason_code(self) -> str | None:
        value = self._field("reasonCode")
        return value if isinstance(value, str) else None

    @property
    def security(self) -> dict[str, Any]:
        value = self._field("security")
        return value if isinstance(value, dict) else {}

    @property
    def trace_id(self) -> str | None:
        value = self._field("traceId")
        if isinstance(value, str) and value:
            return value
        return self.headers.get("Trace-Id")

    @property
    def exception_details(self) -> list[dict[str, Any]]:
        """Entries ``{code, description, details}`` from either 400 shape.

        Problem details carry ``errors: [{code, description, details}]``; the older shape carries
        ``exception.exceptionDetailList: [{exceptionCode, exceptionDescription, details}]``.
        """
        entries: list[dict[str, Any]] = []
        errors = self._field("errors")
        if isinstance(errors, list):
            for item in errors:
                if isinstance(item, dict) and isinstance(item.get("code"), int):
                    entries.append(
                        {
                            "code": item["code"],
                            "description": item.get("description") or "",
                            "details": list(item.get("details") or []),
                        }
                    )
        exception = self._field("exception")
        if isinstance(exception, dict) and isinstance(exception.get("exceptionDetailList"), list):
            for item in exception["exceptionDetailList"]:
                if isinstance(item, dict) and isinstance(item.get("exceptionCode"), int):
                    entries.append(
                        {
                            "code": item["exceptionCode"],
                            "description": item.get("exceptionDescription") or "",
                            "details": list(item.get("details") or []),
                        }
                    )
        return entries

    @property
    def exception_codes(self) -> list[int]:
        return [entry["code"] for entry in self.exception_details]

    @property
    def retry_after_seconds(self) -> int | None:
        raw = self.headers.get("Retry-After", "").strip()
        return int(raw) if raw.isdigit() else None

    @property
    def system_warning(self) -> str | None:
        return self.headers.get("X-System-Warning")

    @property
    def is_problem_details(self) -> bool:
        return "problem+json" in self.content_type

    @property
    def is_empty_body(self) -> bool:
        return not self.body.strip()

    @property
    def is_firewall_block(self) -> bool:
        """The firewall's 403: title "Request blocked" and no reasonCode."""
        return self.status == 403 and self.title == FIREWALL_BLOCK_TITLE and not self.reason_code

    def _summary(self) -> str:
        parts = [f"KSeF answered {self.status} to {self.method} {self.path}"]
        if self.reason_code:
            parts.append(f"reasonCode={self.reason_code}")
        if self.exception_codes:
            parts.append("codes=" + ",".join(str(code) for code in self.exception_codes))
        if self.trace_id:
            parts.append(f"traceId={self.trace_id}")
        if self.is_empty_body:
            parts.append("empty body")
        return "; ".join(parts)

    def __repr__(self) -> str:
        return (
            f"KsefHttpError(status={self.status}, method={self.method!r}, path={self.path!r}, "
            f"reason_code={self.reason_code!r}, exception_codes={self.exception_codes!r}, "
            f"trace_id={self.trace_id!r})"
        )


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

    def __repr__(self) -> str:
        return (
            f"KsefTransportError(kind={self.kind.value!r}, method={self.method!r}, "
            f"path={self.path!r})"
        )


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
        super().__init__(f"unexpected {status} answer to {method} {path}: {problem}")

    def __repr__(self) -> str:
        return (
            f"KsefResponseError(status={self.status}, method={self.method!r}, "
            f"path={self.path!r}, problem={self.problem!r})"
        )


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
