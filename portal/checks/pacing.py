"""Pacing of the portal's calls to KSeF for one environment and NIP, across all users.

KSeF counts its limits per context and address in windows of a second, a minute and an hour, and
every user shares the portal's address: a burst for one NIP could earn it a 429 or a security
block. An attempt takes the address's share for one authentication first, and the context's slot
only once authenticated: a check with a made-up token spends none of the NIP's calls.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max

from portal.checks.config import get_config
from portal.checks.models import PaceKey, SessionCall
from portal.ksef.protocol import RATE_LIMITS, ApiPath

# The key of the whole environment: the portal's address, shared by every check in it. Its calls
# are authentications.
ALL = ""
# One attempt calls each of the context's limited endpoints at most once, and one authentication
# each per-address one, so pacing them at the strictest limit of each window keeps every one of
# those endpoints inside its own.
CONTEXT_PATHS = (
    ApiPath.PERSONAL_GRANTS,
    ApiPath.ONLINE_SESSION,
    ApiPath.CLOSE_ONLINE_SESSION,
    ApiPath.TOKEN_STATUS,
    ApiPath.CURRENT_AUTH_SESSION,
)
ADDRESS_PATHS = (ApiPath.PUBLIC_KEY_CERTIFICATES, ApiPath.CHALLENGE)
# The longest window: calls older than this no longer count anywhere.
WINDOW = timedelta(hours=1)


def strictest(paths: tuple[str, ...]) -> dict[timedelta, int]:
    """The lowest documented limit of each window over ``paths``."""
    limits: dict[timedelta, int] = {}
    for path in paths:
        for seconds, limit in RATE_LIMITS[path].windows():
            window = timedelta(seconds=seconds)
            limits[window] = min(limit, limits.get(window, limit))
    return limits


def context_limits() -> dict[timedelta, int]:
    limits = strictest(CONTEXT_PATHS)
    # The portal's own share of a minute can be set lower than KSeF's (settings).
    minute = timedelta(minutes=1)
    limits[minute] = min(limits[minute], get_config().session_calls_per_minute)
    return limits


def _free_at(calls: list[datetime], limits: dict[timedelta, int], now: datetime) -> datetime | None:
    """When the next call fits every window, given ``calls`` (ascending); None: it fits now."""
    free_at = None
    for window, limit in limits.items():
        recent = [at for at in calls if at > now - window]
        if len(recent) >= limit:
            candidate = recent[len(recent) - limit] + window
            free_at = candidate if free_at is None else max(free_at, candidate)
    return free_at


def reserve_authentication(environment: str, now: datetime) -> datetime | None:
    """Reserve one authentication's calls to the resources KSeF limits per address now; None when
    reserved, else the earliest time one frees up (the caller comes back then, without calling
    KSeF at all)."""
    return _reserve(environment, ALL, strictest(ADDRESS_PATHS), now)


def reserve_session_call(environment: str, nip: str, now: datetime) -> datetime | None:
    """Reserve an authenticated attempt's calls in the context of ``nip`` now; None when
    reserved, else the earliest time a slot frees up."""
    return _reserve(environment, nip, context_limits(), now)


def session_call_free_at(environment: str, nip: str, now: datetime) -> datetime | None:
    """When ``reserve_session_call`` could next succeed, reserving nothing; None: now. Asked
    before authenticating, so that no authentication is spent for a context with no free slot."""
    return _wait(environment, nip, context_limits(), now)


def _reserve(
    environment: str, nip: str, limits: dict[timedelta, int], now: datetime
) -> datetime | None:
    with transaction.atomic():
        # The key's row lock serialises reservations on it (SQLite's IMMEDIATE transactions, see
        # settings, serialise all writers anyway); no reservation takes two, so none waits for
        # another's second. Taking a key and its lock in one step matters: the every-minute run
        # deletes idle keys, and a key fetched before the lock could be gone by the time a call
        # is recorded against it.
        key, _ = PaceKey.objects.select_for_update().get_or_create(environment=environment, nip=nip)
        wait = _wait(environment, nip, limits, now)
        if wait is None:
            SessionCall.objects.create(key=key, at=now)
    return wait


def _wait(
    environment: str, nip: str, limits: dict[timedelta, int], now: datetime
) -> datetime | None:
    """When the next call of this key fits every window of ``limits`` and no block of KSeF's
    holds it (the context's own, or the whole environment's); None: now."""
    calls = list(
        SessionCall.objects.filter(
            key__environment=environment,
            key__nip=nip,
            at__gt=now - max(limits),
            at__lte=now,
        )
        .order_by("at")
        .values_list("at", flat=True)
    )
    waits = [
        wait
        for wait in (blocked_until(environment, nip, now), _free_at(calls, limits, now))
        if wait is not None
    ]
    return max(waits, default=None)


def honour_retry_after(environment: str, nip: str, until: datetime) -> None:
    """KSeF said Retry-After: nobody calls it for this context (``nip``), or for any context of
    the environment (``ALL``), before ``until``."""
    with transaction.atomic():
        key, _ = PaceKey.objects.select_for_update().get_or_create(environment=environment, nip=nip)
        if key.blocked_until is None or key.blocked_until < until:
            key.blocked_until = until
            key.save(update_fields=["blocked_until"])


def blocked_until(environment: str, nip: str, now: datetime) -> datetime | None:
    """Until when KSeF asked not to be called in this context, or in the whole environment."""
    until = PaceKey.objects.filter(environment=environment, nip__in=[nip, ALL]).aggregate(
        until=Max("blocked_until")
    )["until"]
    return until if until and until > now else None


def forget_old_calls(now: datetime) -> int:
    """Calls older than the longest window no longer count; keys with no counted call and no
    block go.

    A key that a reservation holds right now is skipped (its lock is taken with SKIP LOCKED), and
    a key is deleted only while this transaction holds its lock, so no call can be recorded
    against it in between.
    """
    deleted, _ = SessionCall.objects.filter(at__lte=now - WINDOW).delete()
    with transaction.atomic():
        idle = list(
            PaceKey.objects.filter(calls__isnull=True)
            .exclude(blocked_until__gt=now)
            .values_list("pk", flat=True)
        )
        locked = list(
            PaceKey.objects.select_for_update(skip_locked=True)
            .filter(pk__in=idle)
            .values_list("pk", flat=True)
        )
        # Checked again under the lock: a reservation may have recorded a call meanwhile.
        PaceKey.objects.filter(pk__in=locked, calls__isnull=True).delete()
    return deleted
