"""What the portal's own finished checks observed of KSeF, per environment: aggregates only, a
figure only where it rests on MIN_CHECKS checks. Three queries, cached for a minute."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Min, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.checks.causes import Cause
from portal.checks.models import CheckStep, Outcome, SessionCheck, Status, StepName

MIN_CHECKS = 5
WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}
CACHE_KEY = "ksef-status:observations"
CACHE_SECONDS = 60
# From the challenge to the access token: what a user's program does before it can open a session.
AUTHENTICATION_STEPS = (
    StepName.CHALLENGE,
    StepName.AUTHENTICATION,
    StepName.AUTH_STATUS,
    StepName.ACCESS_TOKEN,
)
MEASURES = ("propagation", "authentication", "session_open")


@dataclass(frozen=True)
class Figure:
    """Median and 90th percentile in seconds, or None for both under MIN_CHECKS samples."""

    count: int
    median: float | None
    p90: float | None

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "medianSeconds": self.median, "p90Seconds": self.p90}

    @property
    def words(self) -> str:
        """The figure as readers get it everywhere (/stan-ksef/, an article's marker); empty
        under MIN_CHECKS samples, where each place says so in its own words."""
        if self.median is None or self.p90 is None:
            return ""
        return _("mediana %(median)s, 90%% sprawdzeń w %(p90)s (%(count)s sprawdzeń)") % {
            "median": duration(self.median),
            "p90": duration(self.p90),
            "count": self.count,
        }


def duration(seconds: float) -> str:
    """Seconds in the unit a reader takes in at a glance: tenths under 10 s (opening a session
    takes a fraction of one), whole seconds up to 2 minutes, whole minutes above (propagation)."""
    if seconds < 9.95:
        return f"{number_format(round(seconds, 1), 1)} s"
    if seconds < 119.5:
        return f"{round(seconds)} s"
    return f"{round(seconds / 60)} min"


def figure(samples: list[float]) -> Figure:
    if len(samples) < MIN_CHECKS:
        return Figure(len(samples), None, None)
    ranked = sorted(samples)
    # Nearest rank: always one of the observed values, never an extrapolation.
    p90 = ranked[math.ceil(0.9 * len(ranked)) - 1]
    return Figure(len(ranked), round(statistics.median(ranked), 1), round(p90, 1))


def observations(now: datetime) -> dict[str, dict[str, dict[str, Figure]]]:
    """{environment: {measure: {window: Figure}}}, from the cache when a minute-old copy exists."""
    found = cache.get_or_set(CACHE_KEY, lambda: compute(now), CACHE_SECONDS)
    return found  # type: ignore[return-value]


def compute(now: datetime) -> dict[str, dict[str, dict[str, Figure]]]:
    oldest = now - max(WINDOWS.values())
    # (environment, measure) -> [(when, seconds)]
    samples: dict[tuple[str, str], list[tuple[datetime, float]]] = defaultdict(list)

    propagated = SessionCheck.objects.filter(
        status=Status.DONE, cause=Cause.PROPAGATION, finished_at__gte=oldest
    ).exclude(first_denied_at=None)
    for env, denied, finished in propagated.values_list(
        "environment", "first_denied_at", "finished_at"
    ):
        if denied is not None and finished is not None:  # excluded and filtered above
            samples[env, "propagation"].append((finished, (finished - denied).total_seconds()))

    finished_steps = CheckStep.objects.filter(
        session_check__status=Status.DONE, session_check__finished_at__gte=oldest
    )
    opened = finished_steps.filter(name=StepName.SESSION_OPEN, outcome=Outcome.OK).exclude(
        duration_ms=None
    )
    for env, started, ms in opened.values_list("environment", "started_at", "duration_ms"):
        samples[env, "session_open"].append((started, (ms or 0) / 1000))

    # One row per attempt that got its access token: the attempt's authentication steps summed.
    attempts = (
        finished_steps.filter(name__in=AUTHENTICATION_STEPS)
        .values("session_check", "attempt", "environment")
        .annotate(
            ms=Sum("duration_ms"),
            started=Min("started_at"),
            redeemed=Max("id", filter=Q(name=StepName.ACCESS_TOKEN, outcome=Outcome.OK)),
        )
        .exclude(redeemed=None)
    )
    for row in attempts:
        samples[row["environment"], "authentication"].append((row["started"], row["ms"] / 1000))

    result: dict[str, dict[str, dict[str, Figure]]] = defaultdict(dict)
    for (env, measure), timed in samples.items():
        result[env][measure] = {
            window: figure([s for when, s in timed if when >= now - length])
            for window, length in WINDOWS.items()
        }
    return dict(result)


def for_environment(
    observed: dict[str, dict[str, dict[str, Figure]]], environment: str
) -> dict[str, dict[str, Figure]]:
    """Every measure and window for ``environment``, empty figures where nothing was seen."""
    empty = Figure(0, None, None)
    mine = observed.get(environment, {})
    return {m: {w: mine.get(m, {}).get(w, empty) for w in WINDOWS} for m in MEASURES}
