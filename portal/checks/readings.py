"""What one attempt says on its own, before the history is weighed: a cause, or a reason to
try again (a Reading); and what each of KSeF's errors says. diagnosis.read reads an attempt with
these, and diagnosis.decide weighs the reading with the history and the time left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from portal.checks.causes import Cause
from portal.ksef.errors import (
    KsefAuthFailed,
    KsefAuthTimeout,
    KsefCertificateError,
    KsefError,
    KsefHttpError,
    KsefResponseError,
    KsefTransportError,
)
from portal.ksef.protocol import (
    REDEEM_STILL_IN_PROGRESS,
    REDEEM_TOKEN_REVOKED,
    ApiPath,
    AuthStatusCode,
    AuthStatusDetail,
    ExceptionCode,
    ReasonCode,
)

# 450 details only the portal's own request can cause: it fetches the challenge, takes its
# timestamp and encrypts the token itself (uwierzytelnianie.md 2.2), whatever token it is given.
PORTAL_MADE_DETAILS = (
    AuthStatusDetail.INVALID_CHALLENGE,
    AuthStatusDetail.INVALID_TOKEN_TIME,
    AuthStatusDetail.INVALID_ENCRYPTION,
)


class TokenState(StrEnum):
    """What the diagnosis learnt about the KSeF token itself."""

    PENDING = "pending"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


class Unfinished(StrEnum):
    """How a signed login stopped before KSeF said yes or no to the signer."""

    STATUS = "status"  # status 500 or 550
    NO_ANSWER = "no-answer"  # sending the request met a 5xx, a time-out or no connection
    CERTIFICATE_CHECK = "certificate-check"  # still 100 when the check's window ended


class UnexpectedVariant(StrEnum):
    EMPTY_403 = "empty-403"
    HTML_403 = "html-403"
    NO_REASON_403 = "no-reason-403"


class RetryReason(StrEnum):
    PROPAGATION = "propagation"  # 403 missing-permissions that a new authentication may cure
    ACTIVATION = "activation"  # the KSeF token is still being activated (Pending)
    KSEF_TRANSIENT = "ksef-transient"  # 5xx, timeout, auth cancelled by the system
    RATE_LIMITED = "rate-limited"  # KSeF said 429
    PACED = "paced"  # our own pacing has no free slot for this NIP yet (KSeF was not called)
    # A signed login still at status 100: on DEMO and PROD KSeF asks the certificate's issuer
    # (OCSP or CRL) first, for as long as the issuer takes (uwierzytelnianie.md, section 3).
    CERTIFICATE_CHECK = "certificate"


# "Status sesji 415 ..." or "Status sesji (415) ..." in a 21180's detail.
_SESSION_STATUS = re.compile(r"Status sesji \(?(\d{3})\)?")


@dataclass(frozen=True)
class Reading:
    """What one attempt alone says: a cause, or a reason to try again."""

    cause: Cause | None = None
    retry: RetryReason | None = None
    retry_after_seconds: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def final(cause: Cause, **facts: Any) -> Reading:
    return Reading(cause=cause, facts=facts)


def retry(reason: RetryReason, *, after: int | None = None, **facts: Any) -> Reading:
    return Reading(retry=reason, retry_after_seconds=after, facts=facts)


def close_refused(error: KsefError, permissions: list[str]) -> Reading:
    """The session opened, so the token works; what KSeF said when asked to close it."""
    facts: dict[str, Any] = {"permissions": permissions, "close_failure": str(error)}
    if isinstance(error, KsefHttpError):
        details = [str(d) for entry in error.exception_details for d in entry["details"]]
        described = [f"HTTP {error.status}"]
        described += [str(code) for code in error.exception_codes]
        facts["close_failure"] = " ".join(described) + (f" „{details[0]}”" if details else "")
        if ExceptionCode.SESSION_STATUS_FORBIDS in error.exception_codes:
            status = next(filter(None, (_SESSION_STATUS.search(d) for d in details)), None)
            facts["session_status"] = int(status.group(1)) if status else None
    elif isinstance(error, KsefTransportError):
        facts["close_failure"] = f"{error.kind.value}, {error.path}"
    return final(Cause.SESSION_NOT_CLOSED, **facts)


def status_words(error: KsefAuthFailed) -> str:
    """The authentication status's description and details, as KSeF wrote them."""
    return "; ".join([error.status.description, *error.status.details])


def token_login_failed(error: KsefAuthFailed, *, nip: str) -> Reading | None:
    """What an authentication status says of a login with a KSeF token (OpenAPI
    AuthenticationOperationStatusResponse); None for a token this environment does not know
    (450 "invalid token"), whose meaning depends on the other environments the attempt tried."""
    detail = status_words(error)
    details = " ".join(error.status.details)
    code = error.code
    if code == AuthStatusCode.NO_PERMISSIONS:
        return final(Cause.NO_RIGHTS_FOR_NIP, nip=nip, auth_status=code, ksef_detail=detail)
    if code == AuthStatusCode.REVOKED:
        # 425 is the authentication (and its refresh tokens) revoked by the user, not the KSeF
        # token: OpenAPI AuthenticationOperationStatusResponse. A revoked token is 450 below.
        return final(Cause.AUTH_REVOKED, auth_status=code, ksef_detail=detail)
    if code == AuthStatusCode.BLOCKED:
        return final(Cause.SECURITY_BLOCK, incident_id=None, ksef_detail=detail)
    if code in (AuthStatusCode.CANCELLED_BY_SYSTEM, AuthStatusCode.UNKNOWN_ERROR):
        # 550 says "Spróbuj ponownie"; 500 "Nieznany błąd" is KSeF's own trouble too, which
        # the status article says to retry later.
        return retry(RetryReason.KSEF_TRANSIENT, failure=f"{code} {detail}")
    if code == AuthStatusCode.BAD_TOKEN:
        if any(made in details for made in PORTAL_MADE_DETAILS):
            return final(Cause.PORTAL_FAULT, failure=f"{code} {detail}")
        if AuthStatusDetail.INVALID_ENCODING in details:
            # What KSeF 2.0 says to a KSeF 1.0 token (CIRFMF/ksef-api issues 208, 360).
            return final(Cause.KSEF1_TOKEN, auth_status=code, ksef_detail=detail)
        if AuthStatusDetail.CANNOT_BE_USED_IN_CONTEXT in details:
            return final(Cause.NO_RIGHTS_FOR_NIP, nip=nip, auth_status=code, ksef_detail=detail)
        if AuthStatusDetail.TOKEN_INACTIVE in details:
            # KSeF's words, kept for the verdict: a Failed token answers the same as a Pending one.
            return retry(RetryReason.ACTIVATION, token_state=TokenState.PENDING, ksef_detail=detail)
        if AuthStatusDetail.TOKEN_REVOKED in details:
            return final(Cause.TOKEN_STATUS, token_state=TokenState.REVOKED, ksef_detail=detail)
        if AuthStatusDetail.INVALID_TOKEN in details:
            return None
    return final(Cause.UNEXPECTED, failure=f"{code} {detail}", trace_id=None)


def signed_login_failed(error: KsefError, *, nip: str) -> Reading | None:
    """What only a signed login can meet (OpenAPI ``POST /auth/xades-signature`` and the
    authentication status table); None for what both ways of logging in share (425, 480, a 5xx
    of another call...)."""
    if isinstance(error, KsefAuthTimeout):
        return retry(RetryReason.CERTIFICATE_CHECK, failure="authentication still in progress")
    if isinstance(error, KsefHttpError) and error.status == 400:
        if error.path == ApiPath.XADES_SIGNATURE:
            entry = error.exception_details[0] if error.exception_details else {}
            words = [entry.get("description") or "", *(entry.get("details") or [])]
            return final(
                Cause.SIGNED_REQUEST_REFUSED,
                exception_code=entry.get("code"),
                ksef_detail="; ".join(str(w) for w in dict.fromkeys(words) if w)
                or error.detail
                or "",
                trace_id=error.trace_id,
            )
        return None
    if not isinstance(error, KsefAuthFailed):
        return None
    code = error.code
    facts: dict[str, Any] = {"auth_status": code, "ksef_detail": status_words(error)}
    if code == AuthStatusCode.NO_PERMISSIONS:
        return final(Cause.SIGNATURE_NO_RIGHTS, nip=nip, **facts)
    if code == AuthStatusCode.CERTIFICATE_ERROR:
        return final(Cause.CERTIFICATE_REFUSED, **facts)
    if code == AuthStatusCode.DECEASED_PERSON:
        return final(Cause.DECEASED_PERSON, **facts)
    if code in (AuthStatusCode.UNKNOWN_ERROR, AuthStatusCode.CANCELLED_BY_SYSTEM):
        # Worth another try (550 says so itself), but only with a new signature: the check
        # decides it cannot retry (credential_spent), never waiting for nothing.
        return retry(RetryReason.KSEF_TRANSIENT, unfinished=Unfinished.STATUS, **facts)
    return None


def read_error(error: KsefError, *, permissions: list[str], lacks_write: bool = False) -> Reading:
    """What a KSeF error says when nothing particular to its call does. ``permissions`` and
    ``lacks_write`` (the caller's grants lack the right to open a session) only fill in facts."""
    if not isinstance(error, KsefHttpError):
        return _no_api_answer(error)
    return (
        _security_refusal(error)
        or _redeem_refusal(error)
        or _refusal_for_now(error)
        or _unexpected(error, permissions=permissions, lacks_write=lacks_write)
    )


def _no_api_answer(error: KsefError) -> Reading:
    """No answer of KSeF's API to read: no connection, a wait that ran out, a certificate the
    portal could not use, or a body that is not KSeF's."""
    if isinstance(error, KsefTransportError):
        return retry(RetryReason.KSEF_TRANSIENT, failure=f"{error.kind.value}, {error.path}")
    if isinstance(error, KsefAuthTimeout):
        return retry(RetryReason.KSEF_TRANSIENT, failure="authentication still in progress")
    if isinstance(error, KsefCertificateError):
        # The portal picks the certificate to encrypt with, by its own clock.
        return final(Cause.PORTAL_FAULT, failure=str(error))
    if isinstance(error, KsefResponseError) and error.is_html_page:
        # A page from the CDN in front of KSeF instead of KSeF's answer, such as its JavaScript
        # challenge with HTTP 200; the answer comes a while later (CIRFMF/ksef-api issue 264).
        return retry(
            RetryReason.KSEF_TRANSIENT,
            failure=f"HTTP {error.status} {error.method} {error.path}: HTML page",
        )
    if isinstance(error, KsefResponseError):
        return final(
            Cause.UNEXPECTED,
            failure=f"HTTP {error.status} {error.method} {error.path}: {error.problem}",
            trace_id=None,
        )
    return final(Cause.UNEXPECTED, failure=str(error), trace_id=None)


def _security_refusal(error: KsefHttpError) -> Reading | None:
    """A 403 of KSeF's security: a block, or an address the authentication did not allow."""
    if error.status != 403:
        return None
    security = error.security
    if error.reason_code == ReasonCode.SECURITY_SERVICE_BLOCKED or error.is_firewall_block:
        return final(
            Cause.SECURITY_BLOCK,
            incident_id=security.get("incidentId"),
            client_ip=security.get("clientIp"),
            trace_id=error.trace_id,
        )
    if error.reason_code == ReasonCode.IP_NOT_ALLOWED:
        return final(
            Cause.IP_NOT_ALLOWED, client_ip=security.get("clientIp"), trace_id=error.trace_id
        )
    return None


def _redeem_refusal(error: KsefHttpError) -> Reading | None:
    """KSeF's words in 21301: a revoked token, or an authentication not finished yet."""
    details = [str(detail) for entry in error.exception_details for detail in entry["details"]]
    if REDEEM_TOKEN_REVOKED in details:
        # 21301 at redeem can say the KSeF token itself was revoked (OpenAPI, /auth/token/redeem).
        return final(
            Cause.TOKEN_STATUS, token_state=TokenState.REVOKED, ksef_detail=REDEEM_TOKEN_REVOKED
        )
    if REDEEM_STILL_IN_PROGRESS in details and error.path == ApiPath.REDEEM:
        # Status 100 right after the status call said 200: KSeF catches up a moment later
        # (CIRFMF/ksef-api issues 238 and 567, ksef-client-csharp issue 188).
        return retry(RetryReason.KSEF_TRANSIENT, failure=f"21301 {REDEEM_STILL_IN_PROGRESS}")
    return None


def _refusal_for_now(error: KsefHttpError) -> Reading | None:
    """429 and 5xx: KSeF will not answer now, and may a while later."""
    if error.status == 429:
        return retry(
            RetryReason.RATE_LIMITED,
            after=error.retry_after_seconds,
            failure=f"HTTP 429 {error.method} {error.path}",
            retry_after_seconds=error.retry_after_seconds,
        )
    if error.status >= 500:
        return retry(
            RetryReason.KSEF_TRANSIENT,
            after=error.retry_after_seconds,
            failure=f"HTTP {error.status} {error.method} {error.path}",
            trace_id=error.trace_id,
        )
    return None


def _unexpected(error: KsefHttpError, *, permissions: list[str], lacks_write: bool) -> Reading:
    """An answer no known cause explains, described for support."""
    described = [f"HTTP {error.status} {error.method} {error.path}"]
    if error.reason_code:
        described.append(f"reasonCode {error.reason_code}")
    if error.exception_codes:
        described.append("codes " + ", ".join(str(code) for code in error.exception_codes))
    if error.is_empty_body:
        described.append("empty body")
    variant = _unexpected_variant(error)
    return final(
        Cause.UNEXPECTED,
        failure="; ".join(described),
        trace_id=error.trace_id,
        server=error.headers.get("Server"),
        variant=variant,
        permissions=permissions,
        lacks_write=lacks_write and variant is not None and error.path == ApiPath.ONLINE_SESSION,
    )


def _unexpected_variant(error: KsefHttpError) -> str | None:
    """403s outside the documented schema that public reports have given a meaning to; each
    verdict says what its variant has been seen to mean (stopped_verdicts.UNEXPECTED_HINTS)."""
    if error.status != 403:
        return None
    if error.is_empty_body:
        # CIRFMF/ksef-api issues 482 (sessions/online, Server: API-Gateway) and 628 (an invalid
        # bearer on DEMO, Server: Kestrel, where 401 is documented).
        return UnexpectedVariant.EMPTY_403
    if error.is_html_page:
        # A page from the infrastructure in front of KSeF: no reasonCode to be null.
        return UnexpectedVariant.HTML_403
    if not error.reason_code:
        # One public report: CIRFMF/ksef-api issue 747 (reasonCode null, "Dostęp zabroniony.").
        return UnexpectedVariant.NO_REASON_403
    return None
