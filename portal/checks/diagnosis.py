"""What one attempt's observations mean: a final cause, or a reason to try again later.

Pure functions over plain data, so every branch is testable without KSeF or a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from portal.checks.verdicts import Cause
from portal.ksef.errors import (
    KsefAuthFailed,
    KsefAuthTimeout,
    KsefError,
    KsefHttpError,
    KsefResponseError,
    KsefTransportError,
)
from portal.ksef.protocol import (
    ONLINE_SESSION_REQUIRED_PERMISSIONS,
    AuthStatusCode,
    AuthStatusDetail,
    PermissionState,
    ReasonCode,
)

REQUIRED = {str(permission) for permission in ONLINE_SESSION_REQUIRED_PERMISSIONS}
# The state we give the permissions a context's owner holds by being the owner.
OWNER = "Owner"


class TokenState(StrEnum):
    """What the diagnosis learnt about the KSeF token itself."""

    PENDING = "pending"
    ACTIVATED = "activated"  # was Pending, became usable while the check waited
    REVOKED = "revoked"
    UNKNOWN = "unknown"


class RetryReason(StrEnum):
    PROPAGATION = "propagation"  # 403 missing-permissions that a new authentication may cure
    ACTIVATION = "activation"  # the KSeF token is still being activated (Pending)
    KSEF_TRANSIENT = "ksef-transient"  # 5xx, timeout, auth cancelled by the system
    RATE_LIMITED = "rate-limited"  # KSeF said 429
    PACED = "paced"  # our own pacing has no free slot for this NIP yet (KSeF was not called)


@dataclass(frozen=True)
class Grant:
    permission: str
    state: str


@dataclass
class Observation:
    """What one attempt saw. Never holds a token."""

    auth_error: KsefError | None = None
    authenticated: bool = False
    grants: list[Grant] | None = None
    token_permissions: list[str] | None = None
    token_state: str | None = None
    session_opened: bool = False
    session_closed: bool = False
    session_error: KsefError | None = None
    paced_until_seconds: int | None = None
    # Environments where the same token authenticated (only with the user's consent).
    found_in: list[str] = field(default_factory=list)
    other_environments_tried: bool = False


@dataclass(frozen=True)
class Decision:
    cause: Cause | None = None
    retry: RetryReason | None = None
    retry_after_seconds: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def is_final(self) -> bool:
        return self.cause is not None


def final(cause: Cause, **facts: Any) -> Decision:
    return Decision(cause=cause, facts=facts)


def retry(reason: RetryReason, *, after: int | None = None, **facts: Any) -> Decision:
    return Decision(retry=reason, retry_after_seconds=after, facts=facts)


def grants_facts(grants: list[Grant] | None) -> list[str]:
    return [f"{grant.permission} ({grant.state})" for grant in grants or []]


def has_required_grant(grants: list[Grant] | None, *, active_only: bool) -> bool:
    return any(
        grant.permission in REQUIRED and (not active_only or grant.state == PermissionState.ACTIVE)
        for grant in grants or []
    )


def decide(observation: Observation, *, nip: str, environment: str) -> Decision:
    """The meaning of one attempt. ``nip`` and ``environment`` only fill in the facts."""
    if observation.paced_until_seconds is not None:
        return retry(RetryReason.PACED, after=observation.paced_until_seconds)
    if observation.auth_error is not None:
        return _authentication_failed(observation, nip=nip, environment=environment)
    permissions = grants_facts(observation.grants)
    if observation.session_opened:
        return final(Cause.SESSION_OK, permissions=permissions)
    error = observation.session_error
    if isinstance(error, KsefHttpError) and error.reason_code == ReasonCode.MISSING_PERMISSIONS:
        present = [str(item) for item in error.security.get("presentPermissions") or []]
        facts: dict[str, Any] = {
            "permissions": permissions,
            "present_permissions": present,
            "nip": nip,
        }
        token_permissions = observation.token_permissions
        if token_permissions is not None and not REQUIRED & set(token_permissions):
            return final(Cause.SCOPE, token_permissions=token_permissions, **facts)
        if (
            token_permissions is None
            and has_required_grant(observation.grants, active_only=True)
            and not REQUIRED & set(present)
        ):
            # The caller holds the right, a fresh authentication still lacks it: the token
            # itself does not carry it.
            return final(Cause.SCOPE, token_permissions=present, **facts)
        facts["grant_seen"] = has_required_grant(observation.grants, active_only=False)
        return Decision(retry=RetryReason.PROPAGATION, facts=facts)
    if error is not None:
        return _classify_error(error, nip=nip, permissions=permissions)
    return final(Cause.UNEXPECTED, failure="no answer to POST /sessions/online")


def _authentication_failed(observation: Observation, *, nip: str, environment: str) -> Decision:
    error = observation.auth_error
    assert error is not None
    if not isinstance(error, KsefAuthFailed):
        return _classify_error(error, nip=nip, permissions=[])
    detail = "; ".join([error.status.description, *error.status.details])
    details = " ".join(error.status.details)
    code = error.code
    if code == AuthStatusCode.NO_PERMISSIONS:
        return final(Cause.NO_RIGHTS_FOR_NIP, nip=nip, auth_status=code, ksef_detail=detail)
    if code == AuthStatusCode.REVOKED:
        return final(Cause.TOKEN_STATUS, token_state=TokenState.REVOKED, ksef_detail=detail)
    if code == AuthStatusCode.BLOCKED:
        return final(Cause.SECURITY_BLOCK, incident_id=None, ksef_detail=detail)
    if code == AuthStatusCode.CANCELLED_BY_SYSTEM:
        return retry(RetryReason.KSEF_TRANSIENT, failure=detail)
    if code == AuthStatusCode.BAD_TOKEN:
        if AuthStatusDetail.CANNOT_BE_USED_IN_CONTEXT in details:
            return final(Cause.NO_RIGHTS_FOR_NIP, nip=nip, auth_status=code, ksef_detail=detail)
        if AuthStatusDetail.TOKEN_INACTIVE in details:
            return retry(RetryReason.ACTIVATION, token_state=TokenState.PENDING, ksef_detail=detail)
        if AuthStatusDetail.TOKEN_REVOKED in details:
            return final(Cause.TOKEN_STATUS, token_state=TokenState.REVOKED, ksef_detail=detail)
        if AuthStatusDetail.INVALID_TOKEN in details:
            return _unknown_token(observation, environment=environment, detail=detail)
    return final(Cause.UNEXPECTED, failure=f"{code} {detail}", trace_id=None)


def _unknown_token(observation: Observation, *, environment: str, detail: str) -> Decision:
    if observation.found_in:
        return final(
            Cause.WRONG_ENVIRONMENT,
            environment=environment,
            confirmed_in=observation.found_in[0],
            ksef_detail=detail,
        )
    if observation.other_environments_tried:
        return final(Cause.TOKEN_STATUS, token_state=TokenState.UNKNOWN, ksef_detail=detail)
    return final(Cause.WRONG_ENVIRONMENT, environment=environment, ksef_detail=detail)


def _classify_error(error: KsefError, *, nip: str, permissions: list[str]) -> Decision:
    if isinstance(error, KsefTransportError):
        return retry(RetryReason.KSEF_TRANSIENT, failure=f"{error.kind.value}, {error.path}")
    if isinstance(error, KsefAuthTimeout):
        return retry(RetryReason.KSEF_TRANSIENT, failure="authentication still in progress")
    if isinstance(error, KsefResponseError):
        return final(
            Cause.UNEXPECTED,
            failure=f"HTTP {error.status} {error.method} {error.path}: {error.problem}",
            trace_id=None,
        )
    if not isinstance(error, KsefHttpError):
        return final(Cause.UNEXPECTED, failure=str(error), trace_id=None)
    trace_id = error.trace_id
    security = error.security
    if error.status == 403:
        if error.reason_code == ReasonCode.SECURITY_SERVICE_BLOCKED or error.is_firewall_block:
            return final(
                Cause.SECURITY_BLOCK,
                incident_id=security.get("incidentId"),
                client_ip=security.get("clientIp"),
                trace_id=trace_id,
            )
        if error.reason_code == ReasonCode.IP_NOT_ALLOWED:
            return final(
                Cause.IP_NOT_ALLOWED, client_ip=security.get("clientIp"), trace_id=trace_id
            )
    if error.status == 429:
        return retry(RetryReason.RATE_LIMITED, after=error.retry_after_seconds, failure="HTTP 429")
    if error.status >= 500:
        return retry(
            RetryReason.KSEF_TRANSIENT,
            after=error.retry_after_seconds,
            failure=f"HTTP {error.status} {error.method} {error.path}",
            trace_id=trace_id,
        )
    described = [f"HTTP {error.status} {error.method} {error.path}"]
    if error.reason_code:
        described.append(f"reasonCode {error.reason_code}")
    if error.exception_codes:
        described.append("codes " + ", ".join(str(code) for code in error.exception_codes))
    if error.is_empty_body:
        described.append("empty body")
    return final(
        Cause.UNEXPECTED, failure="; ".join(described), trace_id=trace_id, permissions=permissions
    )


def when_window_ends(reason: RetryReason, facts: dict[str, Any]) -> Decision:
    """The verdict when a check runs out of time still wanting to retry for ``reason``."""
    if reason == RetryReason.PROPAGATION:
        cause = Cause.STILL_MISSING if facts.get("grant_seen") else Cause.OTHER_ENTITY
        return Decision(cause=cause, facts=facts)
    if reason == RetryReason.ACTIVATION:
        return Decision(cause=Cause.TOKEN_STATUS, facts=facts)
    return Decision(cause=Cause.KSEF_UNAVAILABLE, facts=facts)
