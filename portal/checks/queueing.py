"""Which checks are due and in what order the workers take them, where a queued check stands and
how long it will likely wait, and whether a new check can still be served within its window.

Workers take due checks oldest first, skipping a client or a NIP that already has
``RUNNING_AT_ONCE`` attempts running: one person starting many checks, or one company checked by
many people, cannot hold every thread while the others wait. The expected wait comes from what
the workers are doing now: the attempts running (while checks queue, every worker thread is busy,
so those are the workers' whole capacity) and how long attempts took in the last few minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Q, QuerySet

from portal.checks.config import get_config
from portal.checks.models import SessionCheck, Status

# Per client (client_key) and per NIP. Two, not one: a check that retries while the same person's
# next one starts is normal; more would let one of them take a pool's threads in turn.
RUNNING_AT_ONCE = 2
# Attempts claimed within this time make the average; older ones describe another load.
RECENT = timedelta(minutes=10)
# A new check must get its first attempt within the first half of its retry window: what waiting
# cures (permissions still propagating, a token not yet active) needs the rest to show.
SERVE_WITHIN_SHARE_OF_WINDOW = 0.5


def due(now: datetime) -> Q:
    return (
        Q(status=Status.QUEUED)
        | Q(status=Status.WAITING, next_attempt_at__lte=now)
        | Q(status=Status.RUNNING, lease_until__lt=now)
    )


def in_queue(check: SessionCheck, now: datetime) -> bool:
    """Whether the check waits for a worker, as ``due`` says in SQL (a running check whose lease
    ran out is left out: it shows as running until a worker takes it again)."""
    if check.status == Status.WAITING:
        return check.next_attempt_at is not None and check.next_attempt_at <= now
    return check.status == Status.QUEUED


def _running(now: datetime) -> QuerySet[SessionCheck]:
    return SessionCheck.objects.filter(status=Status.RUNNING, lease_until__gte=now)


def candidates(now: datetime) -> QuerySet[SessionCheck]:
    """The due checks a worker may take now, in the order it takes them."""
    crowded = {
        field: _running(now)
        .values(field)
        .annotate(running=Count("pk"))
        .filter(running__gte=RUNNING_AT_ONCE)
        .values(field)
        for field in ("client_key", "nip")
    }
    return (
        SessionCheck.objects.filter(due(now))
        .exclude(client_key__in=crowded["client_key"])
        .exclude(nip__in=crowded["nip"])
        .order_by("pk")
    )


@dataclass(frozen=True)
class Pace:
    """How fast the queue moves now."""

    running: int  # attempts running now
    attempt_seconds: float | None  # their recent average; None: no attempt ended lately

    def wait_seconds(self, place: int) -> float | None:
        """Expected seconds until the check at ``place`` (1: next) gets a thread: the queue
        ahead of it leaves at ``running`` attempts per ``attempt_seconds``."""
        if self.attempt_seconds is None:
            return None
        return place * self.attempt_seconds / max(1, self.running)


def pace(now: datetime) -> Pace:
    recent = Q(claimed_at__gte=now - RECENT, attempt_seconds__isnull=False)
    running = Q(status=Status.RUNNING, lease_until__gte=now)
    figures = SessionCheck.objects.filter(recent | running).aggregate(
        running=Count("pk", filter=running), seconds=Avg("attempt_seconds", filter=recent)
    )
    return Pace(running=figures["running"], attempt_seconds=figures["seconds"])


def place(check: SessionCheck, now: datetime) -> int:
    """The check's place among the due checks (1: it is next)."""
    return 1 + SessionCheck.objects.filter(due(now), pk__lt=check.pk).count()


@dataclass(frozen=True)
class Standing:
    """A due check's place in the queue and its expected wait, as its page shows them."""

    place: int
    pace: Pace

    @property
    def wait_seconds(self) -> float | None:
        return self.pace.wait_seconds(self.place)


def standing(check: SessionCheck, now: datetime) -> Standing:
    return Standing(place=place(check, now), pace=pace(now))


class PortalBusy(Exception):
    """The queue is too long to serve a new check within its window."""

    def __init__(self, wait_seconds: float, come_back_at: datetime, now: datetime) -> None:
        self.wait_seconds = wait_seconds
        self.come_back_at = come_back_at
        self.retry_after_seconds = math.ceil((come_back_at - now).total_seconds())
        super().__init__("the check queue is full")


def admit(now: datetime) -> None:
    """Raise PortalBusy when a check started now would wait for its first attempt longer than
    it can afford; nothing is stored either way. With no recent attempt to go by, it is admitted:
    then nothing suggests a queue."""
    wait = pace(now).wait_seconds(SessionCheck.objects.filter(due(now)).count() + 1)
    limit = get_config().retry_window.total_seconds() * SERVE_WITHIN_SHARE_OF_WINDOW
    if wait is None or wait <= limit:
        return
    # At today's pace the queue is short enough again by then; rounded up to a whole minute, a
    # time to come back rather than a countdown.
    short_enough = now + timedelta(seconds=wait - limit)
    come_back = short_enough.replace(second=0, microsecond=0) + timedelta(minutes=1)
    raise PortalBusy(wait, come_back, now)
