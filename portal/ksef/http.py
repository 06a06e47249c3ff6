"""The HTTP side of the KSeF client: one request and its answer, errors, the exchanges a caller
may show, and the public-key certificates. Secrets (the KSeF token, a signed login request, the
authentication, access and refresh tokens) never reach a log, a repr or an error message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, Self, TypeVar

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from portal.ksef import crypto
from portal.ksef.errors import (
    KsefCertificateError,
    KsefHttpError,
    KsefResponseError,
    KsefTransportError,
    TransportErrorKind,
)
from portal.ksef.protocol import (
    CONTENT_TYPE_XML,
    ERROR_FORMAT_PROBLEM_DETAILS,
    HEADER_ERROR_FORMAT,
    HEADER_SYSTEM_WARNING,
    ApiPath,
    CertificateUsage,
    ExceptionCode,
)

logger = logging.getLogger("portal.ksef")
T = TypeVar("T")

# How many exchanges a client remembers for the caller to display; a check makes about a dozen.
EXCHANGE_MEMORY = 100


def parse_datetime(value: str) -> datetime:
    """KSeF's ISO 8601 timestamps (7-digit fractions, offsets or Z) as aware datetimes."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Certificate:
    """One entry of ``GET /security/public-key-certificates``."""

    certificate: str  # base64 DER X.509, public
    public_key_id: str
    valid_from: datetime
    valid_to: datetime
    usages: tuple[str, ...]

    def public_key(self) -> rsa.RSAPublicKey:
        return crypto.rsa_public_key(crypto.load_certificate(self.certificate))


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, as much of it as may be shown to a user (no secrets)."""

    method: str
    path: str
    status: int | None  # None when no answer came
    duration_seconds: float
    trace_id: str | None
    system_warning: str | None


class KsefHttp:
    """Talks to one KSeF environment, ``base_url`` ending in ``/v2``.

    ``timeout`` (seconds) applies to connecting and to reading every answer. A ``session`` can be
    passed in (tests wrap it to validate traffic against the OpenAPI document); the client then
    owns it: ``close()``, or leaving a ``with`` block, closes it. The client caches the public-key
    certificates it fetched and re-fetches them once when KSeF answers 21470.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        session: requests.Session | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self._now = now or (lambda: datetime.now(UTC))
        self._certificates: list[Certificate] | None = None
        self.exchanges: list[Exchange] = []
        self.system_warnings: list[str] = []
        # This client's address as KSeF last reported it (POST /auth/challenge), if it did.
        self.client_ip: str | None = None

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KsefClient(base_url={self.base_url!r}, timeout={self.timeout})"

    def public_key_certificates(self) -> list[Certificate]:
        """``GET /security/public-key-certificates``; also refreshes the client's cache."""

        def parse(data: list[dict[str, Any]]) -> list[Certificate]:
            return [
                Certificate(
                    certificate=item["certificate"],
                    public_key_id=item["publicKeyId"],
                    valid_from=parse_datetime(item["validFrom"]),
                    valid_to=parse_datetime(item["validTo"]),
                    usages=tuple(item["usage"]),
                )
                for item in data
            ]

        self._certificates = self._call("GET", ApiPath.PUBLIC_KEY_CERTIFICATES, parse)
        return self._certificates

    def certificate_for(self, usage: CertificateUsage, *, refresh: bool = False) -> Certificate:
        """Of the cached certificates for ``usage`` (fetched when ``refresh`` or none yet), the
        one valid now with the latest ``validFrom``; KsefCertificateError when none fits."""
        if refresh or self._certificates is None:
            self.public_key_certificates()
        now = self._now()
        candidates = [
            cert
            for cert in self._certificates or []
            if usage.value in cert.usages and cert.valid_from <= now <= cert.valid_to
        ]
        if not candidates:
            raise KsefCertificateError(f"no public-key certificate valid now for {usage.value}")
        return max(candidates, key=lambda cert: cert.valid_from)

    def _with_certificate(self, usage: CertificateUsage, send: Callable[[Certificate], T]) -> T:
        """``send`` with the usage's certificate, and once more with fresh certificates when
        KSeF no longer knows its ``publicKeyId`` (21470)."""
        try:
            return send(self.certificate_for(usage))
        except KsefHttpError as exc:
            if ExceptionCode.UNKNOWN_PUBLIC_KEY not in exc.exception_codes:
                raise
            logger.info("KSeF retired the public key; fetching certificates again")
            return send(self.certificate_for(usage, refresh=True))

    def _call(
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        *,
        expected: int = 200,
        secret: bool = False,
        bearer: str | None = None,
        body: Any = None,
        xml: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> T:
        """One request with a JSON ``body`` or an ``xml`` one; the answer's JSON read by
        ``parse``. A body that is not JSON is kept in the error only when not ``secret``; a
        missing or mistyped field never keeps it (some answers hold tokens)."""
        headers = _headers(bearer=bearer, xml=xml is not None)
        response = self._send(method, path, headers, body=body, xml=xml, params=params)
        return _read(response, method, path, parse, expected=expected, secret=secret)

    def _send(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        *,
        body: Any,
        xml: bytes | None,
        params: dict[str, Any] | None,
    ) -> requests.Response:
        """The request, remembered and logged whether an answer came or not."""
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                headers=headers,
                json=body,
                data=xml,
                params=params,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            kind, reason = _transport_failure(exc, self.timeout)
            self._remember(Exchange(method, path, None, time.monotonic() - started, None, None))
            logger.warning("KSeF %s %s failed: %s", method, path, kind.value)
            # Not chained: the cause carries the prepared request, headers and all.
            raise KsefTransportError(kind=kind, method=method, path=path, reason=reason) from None
        elapsed = time.monotonic() - started
        warning = response.headers.get(HEADER_SYSTEM_WARNING)
        if warning:
            self.system_warnings.append(warning)
        trace_id = response.headers.get("Trace-Id")
        self._remember(Exchange(method, path, response.status_code, elapsed, trace_id, warning))
        logger.info(
            "KSeF %s %s -> %s in %.0f ms%s",
            method,
            path,
            response.status_code,
            elapsed * 1000,
            f" trace {trace_id}" if trace_id else "",
        )
        return response

    def _remember(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)
        del self.exchanges[:-EXCHANGE_MEMORY]


def _headers(*, bearer: str | None, xml: bool) -> dict[str, str]:
    headers = {"Accept": "application/json", HEADER_ERROR_FORMAT: ERROR_FORMAT_PROBLEM_DETAILS}
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    if xml:
        headers["Content-Type"] = CONTENT_TYPE_XML
    return headers


def _read(
    response: requests.Response,
    method: str,
    path: str,
    parse: Callable[[Any], T],
    *,
    expected: int,
    secret: bool,
) -> T:
    """The answer's JSON read by ``parse``, or the error that says what was wrong with it."""
    content_type = response.headers.get("Content-Type", "")
    if not 200 <= response.status_code < 300:
        raise KsefHttpError(
            status=response.status_code,
            method=method,
            path=path,
            content_type=content_type,
            body=response.text,
            headers=response.headers,
        )
    failure = partial(
        KsefResponseError,
        status=response.status_code,
        method=method,
        path=path,
        content_type=content_type,
    )
    if response.status_code != expected:
        raise failure(problem=f"expected status {expected}", body=None)
    if expected == 204:  # No Content
        return parse(None)
    try:
        data = response.json()
    except ValueError:
        kept = None if secret else response.text
        raise failure(problem="the body is not JSON", body=kept) from None
    try:
        return parse(data)
    except (KeyError, TypeError, ValueError) as exc:
        problem = f"unexpected JSON: {type(exc).__name__} {exc}"[:200]
        raise failure(problem=problem, body=None) from None


def _transport_failure(
    exc: requests.RequestException, timeout: float
) -> tuple[TransportErrorKind, str]:
    # SSLError is a ConnectionError, and ConnectTimeout is both: test the narrow ones first.
    if isinstance(exc, requests.exceptions.SSLError):
        return TransportErrorKind.TLS, "TLS handshake or certificate verification failed"
    if isinstance(exc, requests.exceptions.Timeout):
        return TransportErrorKind.TIMEOUT, f"no answer within {timeout:g} s"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return TransportErrorKind.CONNECTION, "could not connect (refused, reset or DNS failure)"
    return TransportErrorKind.OTHER, type(exc).__name__
