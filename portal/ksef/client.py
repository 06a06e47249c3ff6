"""A client for the KSeF API v2 calls the session check makes, one method per call.

It speaks the protocol as the ministry's OpenAPI document describes it and decides nothing:
polling and retry policy belong to the caller. The answers keep only the fields the portal reads.
Secrets (the KSeF token, the authentication and access tokens, encrypted blobs) are never logged
and never appear in a repr or in an error message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import Any, TypeVar

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from portal.ksef import crypto
from portal.ksef.errors import (
    KsefAuthFailed,
    KsefAuthTimeout,
    KsefCertificateError,
    KsefError,
    KsefHttpError,
    KsefResponseError,
    KsefTransportError,
    TransportErrorKind,
)
from portal.ksef.protocol import (
    CONTEXT_TYPE_NIP,
    ERROR_FORMAT_PROBLEM_DETAILS,
    FORM_CODE_FA3,
    HEADER_ERROR_FORMAT,
    HEADER_SYSTEM_WARNING,
    ApiPath,
    AuthStatus,
    CertificateUsage,
    ExceptionCode,
    FormCode,
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
class Challenge:
    challenge: str
    timestamp_ms: int


@dataclass(frozen=True)
class AuthInit:
    reference_number: str
    authentication_token: str = field(repr=False)


@dataclass(frozen=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)


@dataclass(frozen=True)
class OnlineSession:
    reference_number: str


@dataclass(frozen=True)
class TokenStatus:
    status: str  # a TokenStatusValue
    requested_permissions: tuple[str, ...]


@dataclass(frozen=True)
class Identifier:
    type: str
    value: str


@dataclass(frozen=True)
class PersonalGrant:
    permission_scope: str  # a Permission
    permission_state: str  # a PermissionState
    context_identifier: Identifier | None


@dataclass(frozen=True)
class PersonalGrants:
    grants: tuple[PersonalGrant, ...]
    owner_permissions: tuple[str, ...]


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, as much of it as may be shown to a user (no secrets)."""

    method: str
    path: str
    status: int | None  # None when no answer came
    duration_seconds: float
    trace_id: str | None
    system_warning: str | None


class AuthStep(StrEnum):
    CERTIFICATES = "certificates"
    CHALLENGE = "challenge"
    KSEF_TOKEN = "ksef-token"
    STATUS = "status"
    REDEEM = "redeem"


@dataclass(frozen=True)
class StepReport:
    """What ``authenticate_with_token`` tells its ``on_step`` callback after each step."""

    step: AuthStep
    ok: bool
    duration_seconds: float
    http_status: int | None  # of the step's last HTTP answer
    auth_status_code: int | None = None  # STATUS step only: the last status.code seen
    polls: int = 0  # STATUS step only
    error: KsefError | None = None


@dataclass(frozen=True)
class Authentication:
    """A completed authentication: status 200 and redeemed tokens."""

    reference_number: str
    authentication_token: str = field(repr=False)
    status: AuthStatus
    tokens: Tokens


class KsefClient:
    """Talks to one KSeF environment, ``base_url`` ending in ``/v2``.

    ``timeout`` (seconds) applies to connecting and to reading every answer. A ``session`` can be
    passed in (tests wrap it to validate traffic against the OpenAPI document). The client caches
    the public-key certificates it fetched and re-fetches them once when KSeF answers 21470.
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

    def close(self) -> None:
        self.session.close()

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

    def challenge(self) -> Challenge:
        return self._call(
            "POST",
            ApiPath.CHALLENGE,
            lambda data: Challenge(data["challenge"], int(data["timestampMs"])),
            body={},
        )

    def authenticate_ksef_token(self, *, challenge: Challenge, nip: str, token: str) -> AuthInit:
        """``POST /auth/ksef-token`` in the context of ``nip``, "<token>|<timestampMs>" encrypted
        under the KsefTokenEncryption key."""

        def send(certificate: Certificate) -> AuthInit:
            body = {
                "challenge": challenge.challenge,
                "contextIdentifier": {"type": CONTEXT_TYPE_NIP, "value": nip},
                "encryptedToken": crypto.encrypt_ksef_token(
                    token, challenge.timestamp_ms, certificate.public_key()
                ),
                "publicKeyId": certificate.public_key_id,
            }
            return self._call(
                "POST",
                ApiPath.KSEF_TOKEN,
                lambda data: AuthInit(
                    data["referenceNumber"], data["authenticationToken"]["token"]
                ),
                body=body,
                expected=202,
                secret=True,
            )

        return self._with_certificate(CertificateUsage.KSEF_TOKEN_ENCRYPTION, send)

    def authentication_status(self, reference_number: str, authentication_token: str) -> AuthStatus:
        def parse(data: dict[str, Any]) -> AuthStatus:
            status = data["status"]
            details = tuple(status.get("details") or ())
            return AuthStatus(int(status["code"]), status["description"], details)

        path = ApiPath.AUTH_STATUS.format(referenceNumber=reference_number)
        return self._call("GET", path, parse, bearer=authentication_token)

    def redeem_token(self, authentication_token: str) -> Tokens:
        """``POST /auth/token/redeem``: KSeF allows it once, after status 200."""
        return self._call(
            "POST",
            ApiPath.REDEEM,
            lambda data: Tokens(data["accessToken"]["token"], data["refreshToken"]["token"]),
            bearer=authentication_token,
            secret=True,
        )

    def open_online_session(
        self, access_token: str, *, form_code: FormCode = FORM_CODE_FA3
    ) -> OnlineSession:
        """``POST /sessions/online`` with a fresh AES-256 key wrapped under the
        SymmetricKeyEncryption key."""
        session_key = crypto.new_session_key()

        def send(certificate: Certificate) -> OnlineSession:
            body = {
                "formCode": form_code.as_json(),
                "encryption": {
                    "encryptedSymmetricKey": crypto.wrap_symmetric_key(
                        session_key.key, certificate.public_key()
                    ),
                    "initializationVector": crypto.encode_iv(session_key.initialization_vector),
                    "publicKeyId": certificate.public_key_id,
                },
            }
            return self._call(
                "POST",
                ApiPath.ONLINE_SESSION,
                lambda data: OnlineSession(data["referenceNumber"]),
                bearer=access_token,
                body=body,
                expected=201,
            )

        return self._with_certificate(CertificateUsage.SYMMETRIC_KEY_ENCRYPTION, send)

    def close_online_session(self, access_token: str, reference_number: str) -> None:
        path = ApiPath.CLOSE_ONLINE_SESSION.format(referenceNumber=reference_number)
        self._call("POST", path, lambda _: None, bearer=access_token, expected=204)

    def token_status(self, access_token: str, reference_number: str) -> TokenStatus:
        """``GET /tokens/{referenceNumber}``: the KSeF token's status and permissions."""
        path = ApiPath.TOKEN_STATUS.format(referenceNumber=reference_number)
        return self._call(
            "GET",
            path,
            lambda data: TokenStatus(data["status"], tuple(data["requestedPermissions"])),
            bearer=access_token,
        )

    def personal_grants(
        self, access_token: str, *, context_nip: str | None = None
    ) -> PersonalGrants:
        """``POST /permissions/query/personal/grants``: the caller's own permissions (one page of
        100).

        ``context_nip`` filters by the entity that *granted* the permissions (OpenAPI
        ``PersonalPermissionsQueryRequest.contextIdentifier``), not by the login context. Without
        it the query lists all the caller's own permissions in the authenticated context.
        """

        def parse(data: dict[str, Any]) -> PersonalGrants:
            grants = tuple(
                PersonalGrant(
                    item["permissionScope"],
                    item["permissionState"],
                    _identifier(item.get("contextIdentifier")),
                )
                for item in data["permissions"]
            )
            return PersonalGrants(grants, tuple(data.get("ownerPermissions") or ()))

        body: dict[str, Any] = {}
        if context_nip:
            body["contextIdentifier"] = {"type": CONTEXT_TYPE_NIP, "value": context_nip}
        return self._call(
            "POST",
            ApiPath.PERSONAL_GRANTS,
            parse,
            bearer=access_token,
            body=body,
            params={"pageOffset": 0, "pageSize": 100},
        )

    def authenticate_with_token(
        self,
        nip: str,
        token: str,
        *,
        poll_interval: float = 1.0,
        max_wait: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_step: Callable[[StepReport], None] | None = None,
    ) -> Authentication:
        """Certificates → challenge → ksef-token → status (polled) → redeem.

        Reports each step to ``on_step`` (success or failure, duration by ``clock``). Polls the
        status every ``poll_interval`` seconds (through ``sleep``) while it is 100, for at most
        ``max_wait`` seconds, then raises KsefAuthTimeout. A final status other than 200 raises
        KsefAuthFailed; HTTP and transport failures propagate as their own KsefError types.
        """

        @contextmanager
        def step(name: AuthStep) -> Iterator[dict[str, Any]]:
            started = clock()
            extra: dict[str, Any] = {}

            def report(error: KsefError | None = None) -> None:
                if on_step is not None:
                    on_step(
                        StepReport(
                            step=name,
                            ok=error is None,
                            duration_seconds=clock() - started,
                            http_status=self.exchanges[-1].status if self.exchanges else None,
                            auth_status_code=extra.get("code"),
                            polls=extra.get("polls", 0),
                            error=error,
                        )
                    )

            try:
                yield extra
            except KsefError as exc:
                report(exc)
                raise
            report()

        with step(AuthStep.CERTIFICATES):
            self.certificate_for(CertificateUsage.KSEF_TOKEN_ENCRYPTION, refresh=True)
        with step(AuthStep.CHALLENGE):
            challenge = self.challenge()
        with step(AuthStep.KSEF_TOKEN):
            init = self.authenticate_ksef_token(challenge=challenge, nip=nip, token=token)
        with step(AuthStep.STATUS) as extra:
            started = clock()
            extra["polls"] = 0
            while True:
                status = self.authentication_status(
                    init.reference_number, init.authentication_token
                )
                extra["polls"] += 1
                extra["code"] = status.code
                if not status.in_progress:
                    break
                waited = clock() - started
                if waited + poll_interval > max_wait:
                    raise KsefAuthTimeout(init.reference_number, waited)
                sleep(poll_interval)
            if not status.succeeded:
                raise KsefAuthFailed(status, init.reference_number)
        with step(AuthStep.REDEEM):
            tokens = self.redeem_token(init.authentication_token)
        return Authentication(init.reference_number, init.authentication_token, status, tokens)

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
        params: dict[str, Any] | None = None,
    ) -> T:
        """One request; the answer's JSON read by ``parse``. A body that is not JSON is kept in
        the error only when not ``secret``; a missing or mistyped field never keeps it (some
        answers hold tokens)."""
        headers = {"Accept": "application/json", HEADER_ERROR_FORMAT: ERROR_FORMAT_PROBLEM_DETAILS}
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                headers=headers,
                json=body,
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

    def _remember(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)
        del self.exchanges[:-EXCHANGE_MEMORY]


def _identifier(data: Any) -> Identifier | None:
    return Identifier(type=data["type"], value=data["value"]) if data else None


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
