"""A client for the KSeF API v2 calls the session check makes, one method per call.

It speaks the protocol exactly as the ministry's OpenAPI document describes it and decides
nothing: polling and retry policy belong to the caller (``authenticate_with_token`` polls only as
long as the caller allows, with the caller's clock and sleep). Secrets (the KSeF token, the
authentication and access tokens, encrypted blobs) are never logged and never appear in a repr or
in an error message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

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

# How many exchanges a client remembers for the caller to display; a check makes about a dozen.
EXCHANGE_MEMORY = 100


def parse_datetime(value: Any) -> datetime:
    """KSeF's ISO 8601 timestamps (7-digit fractions, offsets or Z) as aware datetimes."""
    if not isinstance(value, str):
        raise ValueError(f"expected a date-time string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- What the calls return -------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    """One entry of ``GET /security/public-key-certificates``."""

    certificate: str  # base64 DER X.509, public
    certificate_id: str
    public_key_id: str
    valid_from: datetime
    valid_to: datetime
    usages: tuple[str, ...]

    def is_valid_at(self, now: datetime) -> bool:
        return self.valid_from <= now <= self.valid_to

    def public_key(self) -> rsa.RSAPublicKey:
        return crypto.rsa_public_key(crypto.load_certificate(self.certificate))


@dataclass(frozen=True)
class Challenge:
    challenge: str
    timestamp: datetime
    timestamp_ms: int
    client_ip: str


@dataclass(frozen=True)
class AuthInit:
    """The 202 answer of ``POST /auth/ksef-token``."""

    reference_number: str
    authentication_token: str = field(repr=False)
    valid_until: datetime


@dataclass(frozen=True)
class Tokens:
    """The 200 answer of ``POST /auth/token/redeem``."""

    access_token: str = field(repr=False)
    access_valid_until: datetime
    refresh_token: str = field(repr=False)
    refresh_valid_until: datetime


@dataclass(frozen=True)
class OnlineSession:
    reference_number: str
    valid_until: datetime


@dataclass(frozen=True)
class Identifier:
    type: str
    value: str


@dataclass(frozen=True)
class TokenStatus:
    """``GET /tokens/{referenceNumber}``."""

    reference_number: str
    status: str  # a TokenStatusValue
    requested_permissions: tuple[str, ...]
    context_identifier: Identifier
    author_identifier: Identifier
    description: str
    date_created: datetime
    last_use_date: datetime | None
    status_details: tuple[str, ...]


@dataclass(frozen=True)
class PersonalGrant:
    """One entry of ``POST /permissions/query/personal/grants``."""

    id: str
    permission_scope: str  # a Permission
    permission_state: str  # a PermissionState
    start_date: datetime
    description: str
    can_delegate: bool
    context_identifier: Identifier | None
    authorized_identifier: Identifier | None


@dataclass(frozen=True)
class PersonalGrants:
    grants: tuple[PersonalGrant, ...]
    owner_permissions: tuple[str, ...]
    has_more: bool


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


StepCallback = Callable[[StepReport], None]


# --- The client -------------------------------------------------------------------------------


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
        """Close the HTTP connections the client keeps open."""
        self.session.close()

    def __repr__(self) -> str:
        return f"KsefClient(base_url={self.base_url!r}, timeout={self.timeout})"

    # -- The calls ------------------------------------------------------------------------

    def public_key_certificates(self) -> list[Certificate]:
        """``GET /security/public-key-certificates``; also refreshes the client's cache."""
        response = self._request("GET", ApiPath.PUBLIC_KEY_CERTIFICATES, expected=(200,))
        data = self._json(response, ApiPath.PUBLIC_KEY_CERTIFICATES)
        with self._parsing(response, ApiPath.PUBLIC_KEY_CERTIFICATES):
            if not isinstance(data, list):
                raise TypeError("expected an array of certificates")
            certificates = [
                Certificate(
                    certificate=item["certificate"],
                    certificate_id=item["certificateId"],
                    public_key_id=item["publicKeyId"],
                    valid_from=parse_datetime(item["validFrom"]),
                    valid_to=parse_datetime(item["validTo"]),
                    usages=tuple(item["usage"]),
                )
                for item in data
            ]
        self._certificates = certificates
        return certificates

    def certificate_for(self, usage: CertificateUsage, *, refresh: bool = False) -> Certificate:
        """The certificate to use for ``usage``: valid now, and of those the latest ``validFrom``.

        Uses the cached list unless ``refresh`` or nothing is cached yet; raises
        KsefCertificateError when none fits.
        """
        if refresh or self._certificates is None:
            self.public_key_certificates()
        now = self._now()
        candidates = [
            cert
            for cert in self._certificates or []
            if usage.value in cert.usages and cert.is_valid_at(now)
        ]
        if not candidates:
            raise KsefCertificateError(f"no public-key certificate valid now for {usage.value}")
        return max(candidates, key=lambda cert: cert.valid_from)

    def challenge(self) -> Challenge:
        """``POST /auth/challenge``."""
        response = self._request("POST", ApiPath.CHALLENGE, json_body={}, expected=(200,))
        data = self._json(response, ApiPath.CHALLENGE)
        with self._parsing(response, ApiPath.CHALLENGE):
            return Challenge(
                challenge=data["challenge"],
                timestamp=parse_datetime(data["timestamp"]),
                timestamp_ms=int(data["timestampMs"]),
                client_ip=data["clientIp"],
            )

    def authenticate_ksef_token(self, *, challenge: Challenge, nip: str, token: str) -> AuthInit:
        """``POST /auth/ksef-token`` in the context of ``nip``, the token encrypted with
        ``"<token>|<timestampMs>"`` under the KsefTokenEncryption key; retried once with fresh
        certificates if KSeF no longer knows the ``publicKeyId`` (21470)."""

        def send(certificate: Certificate) -> requests.Response:
            body = {
                "challenge": challenge.challenge,
                "contextIdentifier": {"type": CONTEXT_TYPE_NIP, "value": nip},
                "encryptedToken": crypto.encrypt_ksef_token(
                    token, challenge.timestamp_ms, certificate.public_key()
                ),
                "publicKeyId": certificate.public_key_id,
            }
            return self._request("POST", ApiPath.KSEF_TOKEN, json_body=body, expected=(202,))

        response = self._with_certificate(CertificateUsage.KSEF_TOKEN_ENCRYPTION, send)
        data = self._json(response, ApiPath.KSEF_TOKEN, secret=True)
        with self._parsing(response, ApiPath.KSEF_TOKEN):
            return AuthInit(
                reference_number=data["referenceNumber"],
                authentication_token=data["authenticationToken"]["token"],
                valid_until=parse_datetime(data["authenticationToken"]["validUntil"]),
            )

    def authentication_status(self, reference_number: str, authentication_token: str) -> AuthStatus:
        """``GET /auth/{referenceNumber}`` with the authentication operation's bearer token."""
        path = ApiPath.AUTH_STATUS.format(referenceNumber=reference_number)
        response = self._request("GET", path, bearer=authentication_token, expected=(200,))
        data = self._json(response, path)
        with self._parsing(response, path):
            status = data["status"]
            method_info = data.get("authenticationMethodInfo") or {}
            return AuthStatus(
                code=int(status["code"]),
                description=status["description"],
                details=tuple(status.get("details") or ()),
                start_date=parse_datetime(data["startDate"]) if data.get("startDate") else None,
                authentication_method_category=method_info.get("category"),
                is_token_redeemed=data.get("isTokenRedeemed"),
            )

    def redeem_token(self, authentication_token: str) -> Tokens:
        """``POST /auth/token/redeem``: exchanges the operation token for access and refresh
        tokens; KSeF allows it once, after status 200."""
        response = self._request(
            "POST", ApiPath.REDEEM, bearer=authentication_token, expected=(200,)
        )
        data = self._json(response, ApiPath.REDEEM, secret=True)
        with self._parsing(response, ApiPath.REDEEM):
            return Tokens(
                access_token=data["accessToken"]["token"],
                access_valid_until=parse_datetime(data["accessToken"]["validUntil"]),
                refresh_token=data["refreshToken"]["token"],
                refresh_valid_until=parse_datetime(data["refreshToken"]["validUntil"]),
            )

    def open_online_session(
        self, access_token: str, *, form_code: FormCode = FORM_CODE_FA3
    ) -> OnlineSession:
        """``POST /sessions/online`` with a fresh AES-256 key wrapped under the
        SymmetricKeyEncryption key; retried once with fresh certificates on 21470."""
        session_key = crypto.new_session_key()

        def send(certificate: Certificate) -> requests.Response:
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
            return self._request(
                "POST", ApiPath.ONLINE_SESSION, bearer=access_token, json_body=body, expected=(201,)
            )

        response = self._with_certificate(CertificateUsage.SYMMETRIC_KEY_ENCRYPTION, send)
        data = self._json(response, ApiPath.ONLINE_SESSION)
        with self._parsing(response, ApiPath.ONLINE_SESSION):
            return OnlineSession(
                reference_number=data["referenceNumber"],
                valid_until=parse_datetime(data["validUntil"]),
            )

    def close_online_session(self, access_token: str, reference_number: str) -> None:
        """``POST /sessions/online/{referenceNumber}/close`` → 204."""
        path = ApiPath.CLOSE_ONLINE_SESSION.format(referenceNumber=reference_number)
        self._request("POST", path, bearer=access_token, expected=(204,))

    def token_status(self, access_token: str, reference_number: str) -> TokenStatus:
        """``GET /tokens/{referenceNumber}``: the KSeF token's status and permissions."""
        path = ApiPath.TOKEN_STATUS.format(referenceNumber=reference_number)
        response = self._request("GET", path, bearer=access_token, expected=(200,))
        data = self._json(response, path)
        with self._parsing(response, path):
            return TokenStatus(
                reference_number=data["referenceNumber"],
                status=data["status"],
                requested_permissions=tuple(data["requestedPermissions"]),
                context_identifier=_identifier(data["contextIdentifier"]),
                author_identifier=_identifier(data["authorIdentifier"]),
                description=data["description"],
                date_created=parse_datetime(data["dateCreated"]),
                last_use_date=(
                    parse_datetime(data["lastUseDate"]) if data.get("lastUseDate") else None
                ),
                status_details=tuple(data.get("statusDetails") or ()),
            )

    def personal_grants(
        self,
        access_token: str,
        *,
        context_nip: str | None = None,
        page_size: int = 100,
        page_offset: int = 0,
    ) -> PersonalGrants:
        """``POST /permissions/query/personal/grants``: the caller's own permissions (one page).

        ``context_nip`` filters by the entity that *granted* the permissions (OpenAPI
        ``PersonalPermissionsQueryRequest.contextIdentifier``), not by the login context. Without
        it the query lists all the caller's own permissions in the authenticated context.
        """
        body: dict[str, Any] = {}
        if context_nip:
            body["contextIdentifier"] = {"type": CONTEXT_TYPE_NIP, "value": context_nip}
        response = self._request(
            "POST",
            ApiPath.PERSONAL_GRANTS,
            bearer=access_token,
            json_body=body,
            params={"pageOffset": page_offset, "pageSize": page_size},
            expected=(200,),
        )
        data = self._json(response, ApiPath.PERSONAL_GRANTS)
        with self._parsing(response, ApiPath.PERSONAL_GRANTS):
            return PersonalGrants(
                grants=tuple(
                    PersonalGrant(
                        id=item["id"],
                        permission_scope=item["permissionScope"],
                        permission_state=item["permissionState"],
                        start_date=parse_datetime(item["startDate"]),
                        description=item["description"],
                        can_delegate=bool(item["canDelegate"]),
                        context_identifier=_optional_identifier(item.get("contextIdentifier")),
                        authorized_identifier=_optional_identifier(
                            item.get("authorizedIdentifier")
                        ),
                    )
                    for item in data["permissions"]
                ),
                owner_permissions=tuple(data.get("ownerPermissions") or ()),
                has_more=bool(data["hasMore"]),
            )

    # -- The whole authentication, for callers that show it step by step ----------------------

    def authenticate_with_token(
        self,
        nip: str,
        token: str,
        *,
        poll_interval: float = 1.0,
        max_wait: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_step: StepCallback | None = None,
    ) -> Authentication:
        """Certificates → challenge → ksef-token → status (polled) → redeem.

        Reports each step to ``on_step`` (success or failure, duration by ``clock``). Polls the
        status every ``poll_interval`` seconds (through ``sleep``) while it is 100, for at most
        ``max_wait`` seconds, then raises KsefAuthTimeout. A final status other than 200 raises
        KsefAuthFailed; HTTP and transport failures propagate as their own KsefError types.
        """
        report = on_step or (lambda _report: None)

        @contextmanager
        def step(name: AuthStep) -> Iterator[dict[str, Any]]:
            started = clock()
            extra: dict[str, Any] = {}
            try:
                yield extra
            except KsefError as exc:
                report(
                    StepReport(
                        step=name,
                        ok=False,
                        duration_seconds=clock() - started,
                        http_status=self._last_status(),
                        auth_status_code=extra.get("code"),
                        polls=extra.get("polls", 0),
                        error=exc,
                    )
                )
                raise
            report(
                StepReport(
                    step=name,
                    ok=True,
                    duration_seconds=clock() - started,
                    http_status=self._last_status(),
                    auth_status_code=extra.get("code"),
                    polls=extra.get("polls", 0),
                )
            )

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
        return Authentication(
            reference_number=init.reference_number,
            authentication_token=init.authentication_token,
            status=status,
            tokens=tokens,
        )

    # -- Plumbing --------------------------------------------------------------------------

    def _last_status(self) -> int | None:
        return self.exchanges[-1].status if self.exchanges else None

    def _with_certificate(
        self, usage: CertificateUsage, send: Callable[[Certificate], requests.Response]
    ) -> requests.Response:
        try:
            return send(self.certificate_for(usage))
        except KsefHttpError as exc:
            if ExceptionCode.UNKNOWN_PUBLIC_KEY not in exc.exception_codes:
                raise
            logger.info("KSeF retired the public key; fetching certificates again")
            return send(self.certificate_for(usage, refresh=True))

    def _request(
        self,
        method: str,
        path: str,
        *,
        bearer: str | None = None,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        expected: tuple[int, ...],
    ) -> requests.Response:
        headers = {
            "Accept": "application/json",
            HEADER_ERROR_FORMAT: ERROR_FORMAT_PROBLEM_DETAILS,
        }
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                headers=headers,
                json=json_body,
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
        if not 200 <= response.status_code < 300:
            raise KsefHttpError(
                status=response.status_code,
                method=method,
                path=path,
                content_type=response.headers.get("Content-Type", ""),
                body=response.text,
                headers=response.headers,
            )
        if response.status_code not in expected:
            raise KsefResponseError(
                status=response.status_code,
                method=method,
                path=path,
                content_type=response.headers.get("Content-Type", ""),
                problem=f"expected status {', '.join(map(str, expected))}",
                body=None,
            )
        return response

    def _remember(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)
        del self.exchanges[:-EXCHANGE_MEMORY]

    def _json(self, response: requests.Response, path: str, *, secret: bool = False) -> Any:
        content_type = response.headers.get("Content-Type", "")
        try:
            return response.json()
        except ValueError:
            raise KsefResponseError(
                status=response.status_code,
                method=response.request.method or "",
                path=path,
                content_type=content_type,
                problem="the body is not JSON",
                body=None if secret else response.text,
            ) from None

    @contextmanager
    def _parsing(self, response: requests.Response, path: str) -> Iterator[None]:
        """Turns a missing or mistyped field into KsefResponseError; never keeps the body,
        which for some calls holds tokens."""
        try:
            yield
        except (KeyError, TypeError, ValueError) as exc:
            raise KsefResponseError(
                status=response.status_code,
                method=response.request.method or "",
                path=path,
                content_type=response.headers.get("Content-Type", ""),
                problem=f"unexpected JSON: {type(exc).__name__} {exc}"[:200],
                body=None,
            ) from None


def _identifier(data: Any) -> Identifier:
    return Identifier(type=data["type"], value=data["value"])


def _optional_identifier(data: Any) -> Identifier | None:
    return _identifier(data) if data else None


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
