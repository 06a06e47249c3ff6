"""Pacing of the portal's calls to KSeF for one environment and NIP, across all users.

KSeF counts its limits per context and client IP, and every user of the portal shares the
portal's IP; a burst from many users checking one NIP would earn that NIP a 429 or even a
security block. So every POST /sessions/online first reserves a slot here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from portal.checks.config import get_config
from portal.checks.models import PaceKey, SessionCall

WINDOW = timedelta(minutes=1)


def reserve_session_call(environment: str, nip: str, now: datetime) -> datetime | None:
    """Reserve one POST /sessions/online now; None when reserved, else the earliest time a
    slot frees up (the caller comes back then, without calling KSeF at all)."""
    limit = get_config().session_calls_per_minute
    with transaction.atomic():
        # The row lock serialises reservations for this key on PostgreSQL (SQLite's IMMEDIATE
        # transactions, see settings, serialise all writers anyway). Taking the key and its lock
        # in one step matters: the every-minute run deletes idle keys, and a key fetched before the
        # lock could be gone by the time a call is recorded against it.
        key, _ = PaceKey.objects.select_for_update().get_or_create(environment=environment, nip=nip)
        if key.blocked_until and key.blocked_until > now:
            return key.blocked_until
        recent = list(
            SessionCall.objects.filter(key=key, at__gt=now - WINDOW, at__lte=now)
            .order_by("at")
            .values_list("at", flat=True)
        )
        if len(recent) >= limit:
            return recent[len(recent) - limit] + WINDOW
        SessionCall.objects.create(key=key, at=now)
    return None


def honour_retry_after(environment: str, nip: str, until: datetime) -> None:
    """KSeF said Retry-After: nobody calls it for this context before ``until``."""
    with transaction.atomic():
        key, _ = PaceKey.objects.select_for_update().get_or_create(environment=environment, nip=nip)
        if key.blocked_until is None or key.blocked_until < until:
            key.blocked_until = until
            key.save(update_fields=["blocked_until"])


def blocked_until(environment: str, nip: str, now: datetime) -> datetime | None:
    until = (
        PaceKey.objects.filter(environment=environment, nip=nip)
        .values_list("blocked_until", flat=True)
        .first()
    )
    return until if until and until > now else None


def forget_old_calls(now: datetime) -> int:
    """Calls older than the window no longer count; keys with no counted call and no block go.

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
