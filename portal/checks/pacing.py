"""Pacing of the portal's calls to KSeF for one environment and NIP, across all users.

KSeF counts its limits per context and client IP in sliding windows of a second, a minute and
an hour (ksef-docs limity/limity-api.md), and every user of the portal shares the portal's IP;
a burst from many users checking one NIP would earn that NIP a 429 or even a security block. So
every attempt first reserves a slot here, counted against every window at once.

One attempt calls each limited endpoint of the context at most once (personal grants, session
open and close, token status, ending the authentication session), so capping attempts at the
strictest limit of each window keeps every one of those endpoints inside its own. The public
resources (POST /auth/challenge, the certificates) are limited per address alone: one attempt
calls each once, so capping attempts per second across the environment keeps those inside
theirs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max

from portal.checks.config import get_config
from portal.checks.models import PaceKey, SessionCall
from portal.ksef.protocol import RATE_LIMITS, ApiPath

# The key of the whole environment: the portal's address, shared by every check in it.
ALL = ""
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


def reserve_session_call(environment: str, nip: str, now: datetime) -> datetime | None:
    """Reserve one attempt's calls now; None when reserved, else the earliest time a slot frees
    up (the caller comes back then, without calling KSeF at all)."""
    with transaction.atomic():
        # The row locks serialise reservations (SQLite's IMMEDIATE transactions, see settings,
        # serialise all writers anyway): the environment's first, always in this order, so two
        # reservations never wait for each other's second lock. Taking a key and its lock in one
        # step matters: the every-minute run deletes idle keys, and a key fetched before the
        # lock could be gone by the time a call is recorded against it.
        everyone, _ = PaceKey.objects.select_for_update().get_or_create(
            environment=environment, nip=ALL
        )
        key, _ = PaceKey.objects.select_for_update().get_or_create(environment=environment, nip=nip)
        blocks = [until for until in (everyone.blocked_until, key.blocked_until) if until]
        if blocks and max(blocks) > now:
            return max(blocks)
        own = list(
            SessionCall.objects.filter(key=key, at__gt=now - WINDOW, at__lte=now)
            .order_by("at")
            .values_list("at", flat=True)
        )
        second = timedelta(seconds=1)
        last_second = list(
            SessionCall.objects.filter(
                key__environment=environment, at__gt=now - second, at__lte=now
            )
            .order_by("at")
            .values_list("at", flat=True)
        )
        waits = [
            wait
            for wait in (
                _free_at(own, context_limits(), now),
                _free_at(last_second, strictest(ADDRESS_PATHS), now),
            )
            if wait is not None
        ]
        if waits:
            return max(waits)
        SessionCall.objects.create(key=key, at=now)
    return None


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
