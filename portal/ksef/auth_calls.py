"""The authentication calls of KSeF API v2: challenge, the two ways to log in (a KSeF token or a
signed AuthTokenRequest), the status, the tokens, their refresh, and the authentication sessions
they open. The client decides nothing: polling limits and retries come from the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from portal.ksef import crypto
from portal.ksef.errors import KsefAuthFailed, KsefAuthTimeout, KsefError
from portal.ksef.http import Certificate, KsefHttp, parse_datetime
from portal.ksef.protocol import (
    CONTEXT_TYPE_NIP,
    QUERY_VERIFY_CERTIFICATE_CHAIN,
    ApiPath,
    AuthStatus,
    CertificateUsage,
)


@dataclass(frozen=True)
class Challenge:
    challenge: str
    timestamp_ms: int
    # The address KSeF saw the request come from (AuthenticationChallengeResponse.clientIp).
    client_ip: str | None = None


@dataclass(frozen=True)
class AuthInit:
    reference_number: str
    authentication_token: str = field(repr=False)


@dataclass(frozen=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)


@dataclass(frozen=True)
class AuthSession:
    """One entry of ``GET /auth/sessions``: an authentication whose refresh token still works."""

    reference_number: str
    is_current: bool
    start_date: datetime
    method_category: str  # an AuthenticationMethodCategory
    status_code: int
    is_token_redeemed: bool | None


class AuthStep(StrEnum):
    CERTIFICATES = "certificates"
    CHALLENGE = "challenge"
    KSEF_TOKEN = "ksef-token"
    XADES_SIGNATURE = "xades-signature"
    STATUS = "status"
    REDEEM = "redeem"


@dataclass(frozen=True)
class StepReport:
    """What an ``authenticate_with_*`` method tells its ``on_step`` callback after each step."""

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


@dataclass(frozen=True)
class Polling:
    """How ``authenticate_with_*`` waits while the status is 100: every ``interval`` seconds
    (through ``sleep``), for at most ``max_wait`` seconds measured by ``clock``."""

    interval: float = 1.0
    max_wait: float = 60.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


class AuthCalls(KsefHttp):
    def challenge(self) -> Challenge:
        """``POST /auth/challenge``; also remembers the address KSeF saw (``client_ip``)."""
        challenge = self._call(
            "POST",
            ApiPath.CHALLENGE,
            lambda data: Challenge(
                data["challenge"], int(data["timestampMs"]), data.get("clientIp") or None
            ),
            body={},
        )
        self.client_ip = challenge.client_ip
        return challenge

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
                "POST", ApiPath.KSEF_TOKEN, _auth_init, body=body, expected=202, secret=True
            )

        return self._with_certificate(CertificateUsage.KSEF_TOKEN_ENCRYPTION, send)

    def authenticate_xades(
        self, signed_request: bytes, *, verify_certificate_chain: bool | None = None
    ) -> AuthInit:
        """``POST /auth/xades-signature`` with the signed AuthTokenRequest as the body, exactly
        as signed (any change breaks the signature). ``verify_certificate_chain`` asks TEST for
        the chain and OCSP/CRL checks DEMO and PROD always make."""
        params = None
        if verify_certificate_chain is not None:
            params = {QUERY_VERIFY_CERTIFICATE_CHAIN: str(verify_certificate_chain).lower()}
        return self._call(
            "POST",
            ApiPath.XADES_SIGNATURE,
            _auth_init,
            xml=signed_request,
            params=params,
            expected=202,
            secret=True,
        )

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

    def refresh_access_token(self, refresh_token: str) -> str:
        """``POST /auth/token/refresh``: a new access token carrying the permissions the subject
        holds now (``uwierzytelnianie.md``, section 5), without authenticating again."""
        return self._call(
            "POST",
            ApiPath.REFRESH,
            lambda data: str(data["accessToken"]["token"]),
            bearer=refresh_token,
            secret=True,
        )

    def revoke_current_session(self, token: str) -> None:
        """``DELETE /auth/sessions/current`` with an access or a refresh token: the refresh
        token stops working at once; access tokens already issued live until they expire."""
        self._call(
            "DELETE", ApiPath.CURRENT_AUTH_SESSION, lambda _: None, bearer=token, expected=204
        )

    def authentication_sessions(self, access_token: str) -> list[AuthSession]:
        """``GET /auth/sessions``: the context's active authentication sessions, first page of
        up to 100, newest first."""

        def parse(data: dict[str, Any]) -> list[AuthSession]:
            return [
                AuthSession(
                    reference_number=item["referenceNumber"],
                    is_current=bool(item.get("isCurrent")),
                    start_date=parse_datetime(item["startDate"]),
                    method_category=item["authenticationMethodInfo"]["category"],
                    status_code=int(item["status"]["code"]),
                    is_token_redeemed=item.get("isTokenRedeemed"),
                )
                for item in data["items"]
            ]

        return self._call(
            "GET", ApiPath.AUTH_SESSIONS, parse, bearer=access_token, params={"pageSize": 100}
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
        polling = Polling(poll_interval, max_wait, clock, sleep)
        with self._step(AuthStep.CERTIFICATES, polling, on_step):
            self.certificate_for(CertificateUsage.KSEF_TOKEN_ENCRYPTION, refresh=True)
        with self._step(AuthStep.CHALLENGE, polling, on_step):
            challenge = self.challenge()
        with self._step(AuthStep.KSEF_TOKEN, polling, on_step):
            init = self.authenticate_ksef_token(challenge=challenge, nip=nip, token=token)
        return self.complete_authentication(init, polling, on_step)

    def authenticate_with_signature(
        self,
        signed_request: bytes,
        *,
        polling: Polling | None = None,
        verify_certificate_chain: bool | None = None,
        on_step: Callable[[StepReport], None] | None = None,
    ) -> Authentication:
        """xades-signature → status (polled) → redeem, reported and polled as
        ``authenticate_with_token`` does. The challenge is inside the signed request already.
        On DEMO and PROD the status stays 100 while KSeF asks the certificate's issuer (OCSP or
        CRL), so ``polling.max_wait`` should be generous there."""
        polling = polling or Polling()
        with self._step(AuthStep.XADES_SIGNATURE, polling, on_step):
            init = self.authenticate_xades(
                signed_request, verify_certificate_chain=verify_certificate_chain
            )
        return self.complete_authentication(init, polling, on_step)

    def complete_authentication(
        self,
        init: AuthInit,
        polling: Polling,
        on_step: Callable[[StepReport], None] | None = None,
    ) -> Authentication:
        """Status, polled while 100, then redeem: the rest of an authentication already started,
        also one that an earlier call left at status 100 (KsefAuthTimeout)."""
        with self._step(AuthStep.STATUS, polling, on_step) as extra:
            started = polling.clock()
            extra["polls"] = 0
            while True:
                status = self.authentication_status(
                    init.reference_number, init.authentication_token
                )
                extra["polls"] += 1
                extra["code"] = status.code
                if not status.in_progress:
                    break
                waited = polling.clock() - started
                if waited + polling.interval > polling.max_wait:
                    raise KsefAuthTimeout(init.reference_number, waited)
                polling.sleep(polling.interval)
            if not status.succeeded:
                raise KsefAuthFailed(status, init.reference_number)
        with self._step(AuthStep.REDEEM, polling, on_step):
            tokens = self.redeem_token(init.authentication_token)
        return Authentication(init.reference_number, init.authentication_token, status, tokens)

    @contextmanager
    def _step(
        self, name: AuthStep, polling: Polling, on_step: Callable[[StepReport], None] | None
    ) -> Iterator[dict[str, Any]]:
        """Report the step to ``on_step`` when it ends, failed (KsefError, re-raised) or not."""
        started = polling.clock()
        extra: dict[str, Any] = {}

        def report(error: KsefError | None = None) -> None:
            if on_step is not None:
                on_step(
                    StepReport(
                        step=name,
                        ok=error is None,
                        duration_seconds=polling.clock() - started,
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


def _auth_init(data: dict[str, Any]) -> AuthInit:
    return AuthInit(data["referenceNumber"], data["authenticationToken"]["token"])
