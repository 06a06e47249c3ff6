"""The check's verdict, decided in one place: what one attempt saw, read together with what
the earlier attempts left (the history) and the time left, gives the cause and tone of the
verdict, or when and why to try again. What KSeF's errors say on their own is readings.py's.

Pure functions over plain data, so every branch is testable without KSeF or a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from math import ceil
from typing import Any

from portal.checks.causes import Cause
from portal.checks.config import get_config
from portal.checks.readings import (
    Reading,
    RetryReason,
    TokenState,
    Unfinished,
    close_refused,
    final,
    read_error,
    retry,
    signed_login_failed,
    status_words,
    token_login_failed,
)
from portal.checks.verdicts import VERDICTS
from portal.ksef.errors import KsefAuthFailed, KsefError, KsefHttpError
from portal.ksef.protocol import (
    ONLINE_SESSION_REQUIRED_PERMISSIONS,
    PermissionState,
    ReasonCode,
)

REQUIRED = {str(permission) for permission in ONLINE_SESSION_REQUIRED_PERMISSIONS}
# The state we give the permissions a context's owner holds by being the owner.
OWNER = "Owner"


# Retrying these does not depend on KSeF's goodwill: waiting is the whole cure.
WAITING_FOR_KSEF_STATE = (RetryReason.PROPAGATION, RetryReason.ACTIVATION)
# KSeF refuses to answer or asks us to slow down: retried a bounded number of times.
KSEF_REFUSALS = (RetryReason.KSEF_TRANSIENT, RetryReason.RATE_LIMITED)


@dataclass(frozen=True)
class PortalBlock:
    """KSeF's security service blocks the address the portal calls from: every check of the
    environment waits until ``until``."""

    until: datetime
    incident_id: str


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
    # The session opened, and KSeF refused to close it.
    close_error: KsefError | None = None
    # KSeF blocks the portal's own address: nothing was asked about the token.
    portal_block: PortalBlock | None = None
    # Environments where the same token authenticated (only with the user's consent).
    found_in: list[str] = field(default_factory=list)
    other_environments_tried: bool = False
    # A signed login: the check holds nothing left to log in with (the signed request went to
    # KSeF, which the check does once, and no authentication came of it): no retry without a new
    # signature.
    signed: bool = False
    credential_spent: bool = False


@dataclass(frozen=True)
class History:
    """What earlier attempts left behind, and the time the check has."""

    created_at: datetime
    deadline: datetime
    first_denied_at: datetime | None = None
    denied_for: str = ""  # the RetryReason of KSeF's last refusal, if any
    denied_detail: str = ""  # KSeF's words in that refusal, for the verdict
    transient_failures: int = 0


@dataclass(frozen=True)
class Decision:
    """The whole decision after one attempt: a verdict (cause, tone), or when to try again and
    why; the facts the page shows; and the history the next attempt starts from."""

    history: History
    cause: Cause | None = None
    tone: str = ""
    retry: RetryReason | None = None
    next_attempt_at: datetime | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def decide(
    observation: Observation,
    history: History,
    *,
    nip: str,
    environment: str,
    now: datetime,
    not_before: datetime | None = None,
) -> Decision:
    """The verdict or the next attempt, from this attempt, the earlier ones and the time left.
    ``not_before``: KSeF asked (Retry-After) not to be called for this NIP before then."""
    return _decide(observation, history, nip, environment, now, not_before)


def _decide(
    observation: Observation,
    history: History,
    nip: str,
    environment: str,
    now: datetime,
    not_before: datetime | None,
) -> Decision:
    config = get_config()
    reading = read(observation, nip=nip, environment=environment)
    if reading.cause is not None:
        return _verdict(reading.cause, dict(reading.facts), history, now)
    reason = reading.retry
    assert reason is not None
    if observation.credential_spent:
        return ends(history, Cause.SIGNED_LOGIN_UNFINISHED, _unfinished(reading))
    if reason in WAITING_FOR_KSEF_STATE:
        history = replace(
            history,
            first_denied_at=history.first_denied_at or now,
            denied_for=reason.value,
            denied_detail=str(reading.facts.get("ksef_detail") or history.denied_detail),
        )
    if reason in KSEF_REFUSALS:
        # KSeF's own refusals to answer are retried a bounded number of times: hammering a
        # struggling or limiting KSeF only lengthens its block.
        history = replace(history, transient_failures=history.transient_failures + 1)
    next_at = now + max(config.retry_interval, timedelta(seconds=reading.retry_after_seconds or 0))
    if not_before is not None and not_before > next_at:
        next_at = not_before
    if next_at <= history.deadline and history.transient_failures <= config.transient_retries:
        return Decision(history, retry=reason, next_attempt_at=next_at)
    # Out of time (or of patience with KSeF) while still wanting to try again.
    facts = {key: value for key, value in reading.facts.items() if key != "grant_seen"}
    facts["minutes"] = minutes_since(history.first_denied_at or history.created_at, now)
    if reason == RetryReason.PROPAGATION:
        cause = Cause.STILL_MISSING if reading.facts.get("grant_seen") else Cause.OTHER_ENTITY
    elif reason == RetryReason.ACTIVATION:
        # Still "inactive" after the whole window: a Pending token activates within minutes, so
        # it may well have failed to activate (status Failed), which the portal cannot read: the
        # token status endpoint needs an access token this token cannot get.
        cause = Cause.TOKEN_FAILED
    elif reason == RetryReason.CERTIFICATE_CHECK:
        cause = Cause.SIGNED_LOGIN_UNFINISHED
        facts["unfinished"] = Unfinished.CERTIFICATE_CHECK
        facts["minutes"] = minutes_since(history.created_at, now)
    elif reason in (RetryReason.RATE_LIMITED, RetryReason.PACED):
        # A limit, not an outage: KSeF (Retry-After) or the portal's pacing of KSeF's limits
        # forbids the next call before next_at, which the check's window no longer reaches.
        # Only KSeF's own Retry-After is KSeF limiting anything; the rest is the portal's budget.
        # (The pacing's wait comes in whole seconds, hence the second's slack.)
        asked_by_ksef = not_before is not None and not_before + timedelta(seconds=1) >= next_at
        paced_by_portal = reason == RetryReason.PACED and not asked_by_ksef
        cause = Cause.PORTAL_PACED if paced_by_portal else Cause.RATE_LIMITED
        facts["retry_at"] = next_at.isoformat()
    else:
        cause = Cause.KSEF_UNAVAILABLE
    return ends(history, cause, facts)


def _unfinished(reading: Reading) -> dict[str, Any]:
    """The facts of a signed login that KSeF did not finish and the check cannot retry."""
    facts = dict(reading.facts)
    facts.setdefault("unfinished", Unfinished.NO_ANSWER)
    return facts


def _verdict(cause: Cause, facts: dict[str, Any], history: History, now: datetime) -> Decision:
    if history.first_denied_at is not None:
        facts["minutes"] = minutes_since(history.first_denied_at, now)
        if cause == Cause.SESSION_OK and history.denied_for == RetryReason.ACTIVATION:
            # The token was still Pending and became usable while the check waited: KSeF's
            # words from the attempts it refused, not the last attempt's, which had none.
            facts["ksef_detail"] = history.denied_detail
            return ends(history, Cause.TOKEN_ACTIVATED, facts)
        if cause in (Cause.SESSION_OK, Cause.SIGNED_SESSION_OK):
            cause = Cause.PROPAGATION
    return ends(history, cause, facts)


def ends(history: History, cause: Cause, facts: dict[str, Any], tone: str = "") -> Decision:
    return Decision(history, cause=cause, tone=tone or VERDICTS[cause].tone, facts=facts)


def minutes_since(start: datetime, now: datetime) -> int:
    return max(1, ceil((now - start).total_seconds() / 60))


def grants_facts(grants: list[Grant] | None) -> list[str]:
    return [f"{grant.permission} ({grant.state})" for grant in grants or []]


def has_required_grant(grants: list[Grant] | None, *, active_only: bool) -> bool:
    """A right to open a session among ``grants``; an owner's permissions count as active."""
    active = (PermissionState.ACTIVE, OWNER)
    return any(
        grant.permission in REQUIRED and (not active_only or grant.state in active)
        for grant in grants or []
    )


def blocks_portal(error: KsefError, portal_ip: str | None) -> bool:
    """Whether KSeF's security service (a 403 security-service-blocked, or the firewall's
    "Request blocked") blocked the very address the portal calls from: the ``clientIp`` it names
    is the one KSeF reported for the portal at this attempt's challenge (``portal_ip``). Without
    one, the block came on the certificates or the challenge, which have no context: only the
    address can be what is blocked there."""
    if not isinstance(error, KsefHttpError) or error.status != 403:
        return False
    if error.reason_code != ReasonCode.SECURITY_SERVICE_BLOCKED and not error.is_firewall_block:
        return False
    blocked = error.security.get("clientIp")
    return bool(blocked) and (portal_ip is None or blocked == portal_ip)


def read(observation: Observation, *, nip: str, environment: str) -> Reading:
    """The meaning of one attempt on its own. ``nip`` and ``environment`` only fill in facts."""
    if observation.portal_block is not None:
        block = observation.portal_block
        return final(
            Cause.PORTAL_BLOCKED, incident_id=block.incident_id, retry_at=block.until.isoformat()
        )
    if observation.paced_until_seconds is not None:
        return retry(RetryReason.PACED, after=observation.paced_until_seconds)
    if observation.auth_error is not None:
        return _authentication_failed(observation, nip=nip, environment=environment)
    permissions = grants_facts(observation.grants)
    if observation.session_opened and observation.close_error is not None:
        return close_refused(observation.close_error, permissions)
    if observation.session_opened:
        opened = Cause.SIGNED_SESSION_OK if observation.signed else Cause.SESSION_OK
        return final(opened, permissions=permissions)
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
        if "presentPermissions" in error.security and not present:
            # Authentication needs at least one active permission in the context (else status
            # 415: ksef-docs uwierzytelnianie.md, Wstęp), so an empty list after a successful
            # one is no propagation. One public report only: CIRFMF/ksef-api issue 833 (a sole
            # proprietor's token made after a national-login session; a certificate worked).
            return final(Cause.NO_PERMISSIONS_AT_ALL, **facts)
        if (
            token_permissions is None
            # A signed login's access token (fresh or refreshed) carries all the signer holds:
            # there is no token scope to blame.
            and not observation.signed
            and has_required_grant(observation.grants, active_only=True)
            and not REQUIRED & set(present)
        ):
            # The caller holds the right, a fresh authentication still lacks it: the token
            # itself does not carry it.
            return final(Cause.SCOPE, token_permissions=present, **facts)
        facts["grant_seen"] = has_required_grant(observation.grants, active_only=False)
        return retry(RetryReason.PROPAGATION, **facts)
    if error is not None:
        lacks_write = observation.grants is not None and not has_required_grant(
            observation.grants, active_only=True
        )
        return read_error(error, permissions=permissions, lacks_write=lacks_write)
    return final(Cause.UNEXPECTED, failure="no answer to POST /sessions/online")


def _authentication_failed(observation: Observation, *, nip: str, environment: str) -> Reading:
    error = observation.auth_error
    assert error is not None
    if observation.signed:
        signed = signed_login_failed(error, nip=nip)
        if signed is not None:
            return signed
    if not isinstance(error, KsefAuthFailed):
        return read_error(error, permissions=[])
    reading = token_login_failed(error, nip=nip)
    if reading is not None:
        return reading
    return _unknown_token(observation, environment=environment, detail=status_words(error))


def _unknown_token(observation: Observation, *, environment: str, detail: str) -> Reading:
    if observation.found_in:
        return final(
            Cause.WRONG_ENVIRONMENT,
            environment=environment,
            confirmed_in=observation.found_in[0],
            ksef_detail=detail,
        )
    if observation.other_environments_tried:
        return final(Cause.TOKEN_STATUS, token_state=TokenState.UNKNOWN, ksef_detail=detail)
    # Nothing else was tried: another environment is one possibility among several.
    return final(Cause.TOKEN_UNRECOGNISED, environment=environment, ksef_detail=detail)
