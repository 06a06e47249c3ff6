"""Per environment, hour by hour over 7 days of finished checks: the share of attempts that met a
5xx, a time-out or a 429, and of checks that ended in each verdict; "no data" (never 0%) for an
hour of fewer than MIN_CHECKS checks. Two queries, cached for a minute.

An attempt is one attempt number of one check in one environment: its steps that called KSeF.
It met a 5xx or a 429 when a step got that HTTP status, a time-out when a step got no answer
within KSEF_HTTP_TIMEOUT. It counts in each hour its steps started in; a check, in the hour it
finished.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import TruncHour

from portal.checks.models import CheckStep, SessionCheck, Status, Transport
from portal.status.observations import MIN_CHECKS

HOURS = 168
CACHE_KEY = "ksef-status:hourly"
CACHE_SECONDS = 60
# Category -> the step that makes an attempt meet it.
MET = {
    "5xx": Q(http_status__gte=500, http_status__lte=599),
    "timeout": Q(transport=Transport.TIMEOUT),
    "429": Q(http_status=429),
}
CATEGORIES = tuple(MET)
# Attempt numbers are small integers (PositiveSmallIntegerField): check id and attempt number
# in one number that COUNT(DISTINCT ...) can count on SQLite and PostgreSQL alike.
ATTEMPT = F("session_check_id") * 65536 + F("attempt")


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4)


@dataclass(frozen=True)
class Hour:
    start: datetime  # UTC
    attempts: int = 0
    checks: int = 0  # distinct checks behind the attempts
    met: dict[str, int] = field(default_factory=dict)  # category -> attempts that met it
    finished: int = 0  # checks that finished in this hour
    verdicts: dict[str, int] = field(default_factory=dict)  # cause -> checks

    @property
    def shares(self) -> dict[str, float] | None:
        """Category -> share of attempts, or None under MIN_CHECKS checks."""
        if self.checks < MIN_CHECKS:
            return None
        return {c: _share(self.met.get(c, 0), self.attempts) for c in CATEGORIES}

    @property
    def verdict_shares(self) -> dict[str, float] | None:
        """Cause -> share of the hour's finished checks, or None under MIN_CHECKS checks."""
        if self.finished < MIN_CHECKS:
            return None
        return {cause: _share(n, self.finished) for cause, n in self.verdicts.items()}

    @property
    def empty(self) -> bool:
        return not self.attempts and not self.finished

    def to_json(self) -> dict[str, Any]:
        return {
            "hour": self.start.isoformat(),
            "attempts": self.attempts,
            "shares": self.shares,
            "finishedChecks": self.finished,
            "verdicts": self.verdict_shares,
        }


def first_hour(now: datetime) -> datetime:
    """The start of the oldest of the HOURS buckets; the newest is the hour under way."""
    current = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return current - timedelta(hours=HOURS - 1)


def hourly(now: datetime) -> dict[str, list[Hour]]:
    """{environment: HOURS hours, oldest first}, from the cache when a minute-old copy exists."""
    found = cache.get_or_set(CACHE_KEY, lambda: compute(now), CACHE_SECONDS)
    return found  # type: ignore[return-value]


def compute(now: datetime) -> dict[str, list[Hour]]:
    start = first_hour(now)
    attempts: dict[tuple[str, datetime], dict[str, Any]] = {}
    steps = (
        CheckStep.objects.filter(session_check__status=Status.DONE, started_at__gte=start)
        .exclude(transport="")
        .annotate(hour=TruncHour("started_at", tzinfo=UTC))
        .values("environment", "hour")
        .annotate(
            attempts=Count(ATTEMPT, distinct=True),
            checks=Count("session_check", distinct=True),
            **{c: Count(ATTEMPT, distinct=True, filter=q) for c, q in MET.items()},
        )
        .order_by()
    )
    for row in steps:
        attempts[row["environment"], row["hour"]] = row

    verdicts: dict[tuple[str, datetime], dict[str, int]] = defaultdict(dict)
    finished = (
        SessionCheck.objects.filter(status=Status.DONE, finished_at__gte=start)
        .annotate(hour=TruncHour("finished_at", tzinfo=UTC))
        .values("environment", "hour", "cause")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in finished:
        verdicts[row["environment"], row["hour"]][row["cause"]] = row["n"]

    environments = {env for env, _ in attempts} | {env for env, _ in verdicts}
    result: dict[str, list[Hour]] = {}
    for env in sorted(environments):
        hours = []
        for n in range(HOURS):
            hour = start + timedelta(hours=n)
            row = attempts.get((env, hour), {})
            seen = verdicts.get((env, hour), {})
            hours.append(
                Hour(
                    hour,
                    attempts=row.get("attempts", 0),
                    checks=row.get("checks", 0),
                    met={c: row[c] for c in CATEGORIES if row.get(c)},
                    finished=sum(seen.values()),
                    verdicts=dict(seen),
                )
            )
        result[env] = hours
    return result


def for_environment(hourly: dict[str, list[Hour]], environment: str, now: datetime) -> list[Hour]:
    """``environment``'s hours, empty ones where no check ran."""
    start = first_hour(now)
    return hourly.get(environment) or [Hour(start + timedelta(hours=n)) for n in range(HOURS)]
