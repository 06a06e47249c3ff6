"""What /stan-ksef/ and its JSON twin show: Latarnia's report and the portal's own figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property, partial
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.checks import blocks
from portal.checks.causes import Cause
from portal.latarnia import reports
from portal.lib import charts
from portal.lib.environments import environment_label
from portal.status import hourly, observations


@dataclass(frozen=True)
class EnvironmentStatus(reports.Report):
    """What Latarnia reports, with what the portal's own checks observed."""

    # {measure: {window: Figure}} (portal.status.observations).
    observed: dict[str, dict[str, observations.Figure]] = field(default_factory=dict)
    # The last 7 days hour by hour, oldest first (portal.status.hourly).
    hours: list[hourly.Hour] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "environment": self.environment,
            "status": self.status.value,
            "since": self.since.isoformat() if self.since else None,
            "readAt": self.read_at.isoformat() if self.read_at else None,
            "messages": [m.to_json() for m in self.messages],
            "observations": {
                measure: {window: figure.to_json() for window, figure in windows.items()}
                for measure, windows in self.observed.items()
            },
            # Hours without any finished check are left out; shares are null under MIN_CHECKS.
            "hourly": [hour.to_json() for hour in self.hours if not hour.empty],
        }

    @cached_property
    def charts(self) -> list[charts.Chart]:
        return hourly_charts(self.environment, self.hours)

    @cached_property
    def glance(self) -> list[Glance]:
        return [glance(measure, windows) for measure, windows in self.observed.items()]

    @property
    def has_figures(self) -> bool:
        return any(shown.median for shown in self.glance)

    @property
    def finished_checks(self) -> int:
        """Checks in this environment that finished in the last 7 days."""
        return sum(hour.finished for hour in self.hours)

    @property
    def figure_rows(self) -> list[tuple[str, list[tuple[str, observations.Figure]]]]:
        """The details: each measure defined, with its figure in each window named."""
        return [
            (
                str(MEASURE_DEFINITIONS[measure]),
                [(str(WINDOW_NAMES[window]), figure) for window, figure in windows.items()],
            )
            for measure, windows in self.observed.items()
        ]


# Each measure in a word or two for the at-a-glance row, and defined for the figures table.
MEASURE_NAMES = {
    "propagation": _("Propagacja uprawnień"),
    "authentication": _("Uwierzytelnienie"),
    "session_open": pgettext_lazy("measure", "Otwarcie sesji"),
}
MEASURE_DEFINITIONS = {
    "propagation": _(
        "Propagacja uprawnień (od pierwszego 403 missing-permissions do otwarcia sesji)"
    ),
    "authentication": _("Uwierzytelnienie (od wyzwania do tokenu dostępu)"),
    "session_open": MEASURE_NAMES["session_open"],
}
WINDOW_NAMES = {"24h": _("Ostatnie 24 godziny"), "7d": _("Ostatnie 7 dni")}
# A median from a window other than the shortest says which one it comes from.
WINDOW_NOTES = {"7d": _("(7 dni)")}


@dataclass(frozen=True)
class Glance:
    """One measure in the at-a-glance row: the median of the shortest window that has one (the
    last 24 hours, else the last 7 days), or none under MIN_CHECKS checks in every window."""

    name: str
    median: str = ""  # "1,2 s"
    note: str = ""  # which window, when not the shortest


def glance(measure: str, windows: dict[str, observations.Figure]) -> Glance:
    name = str(MEASURE_NAMES[measure])
    for window in observations.WINDOWS:
        median = windows[window].median
        if median is not None:
            return Glance(name, observations.duration(median), str(WINDOW_NOTES.get(window, "")))
    return Glance(name)


CATEGORY_TITLES = {
    "5xx": _("Próby, w których KSeF odpowiedział błędem 5xx"),
    "timeout": _("Próby, w których KSeF nie odpowiedział w czasie (time-out)"),
    "429": _("Próby, w których KSeF odpowiedział 429 (limit wywołań)"),
}


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def hour_buckets(hours: list[hourly.Hour]) -> list[charts.Bucket]:
    """The hours as chart buckets named by local time; the night clocks go back repeats a local
    hour, so each of those two names its UTC offset too."""
    local = [timezone.localtime(hour.start) for hour in hours]
    labels = [f"{moment:%Y-%m-%d %H:00}" for moment in local]
    repeated = {label for label, n in Counter(labels).items() if n > 1}
    buckets = []
    for moment, label in zip(local, labels, strict=True):
        if label in repeated:
            offset = moment.utcoffset() or timedelta(0)
            label += f" (UTC{offset.total_seconds() / 3600:+g})"
        # A tick at each local midnight names the day that starts there.
        tick = f"{moment:%d.%m}" if moment.hour == 0 else ""
        buckets.append(charts.Bucket(label, tick=tick))
    return buckets


def hourly_charts(environment: str, hours: list[hourly.Hour]) -> list[charts.Chart]:
    """The charts of ``hours`` that have a share in some hour: a week of "no data" bands says
    nothing the environment's one line does not."""
    description = gettext(
        "Odsetek w każdej godzinie ostatnich 7 dni. Godzina, w której było mniej niż "
        "%(min)d sprawdzeń, nie ma danych."
    ) % {"min": observations.MIN_CHECKS}
    chart = partial(
        charts.bar_chart, description=description, buckets=hour_buckets(hours), unit="%"
    )
    with_shares = any(hour.shares is not None for hour in hours)
    drawn = [
        chart(
            chart_id=f"{environment}-{category}",
            title=str(CATEGORY_TITLES[category]),
            series=[
                charts.Series(
                    pgettext("chart series", "odsetek prób"),
                    [_percent(s.get(category)) if (s := h.shares) else None for h in hours],
                )
            ],
        )
        for category in hourly.CATEGORIES
        if with_shares
    ]
    if all(hour.verdict_shares is None for hour in hours):
        return drawn
    seen = {cause for hour in hours for cause in hour.verdicts}
    causes = [cause for cause in Cause if cause in seen]
    drawn.append(
        chart(
            chart_id=f"{environment}-verdicts",
            title=gettext("Werdykty zakończonych sprawdzeń"),
            series=[
                charts.Series(
                    str(cause.label),
                    [
                        None if (v := h.verdict_shares) is None else _percent(v.get(cause, 0))
                        for h in hours
                    ],
                )
                for cause in causes
            ],
            y_max=100,
        )
    )
    return drawn


def environments(now: datetime) -> list[EnvironmentStatus]:
    """Every enabled environment's status and the portal's observations, in the order of
    settings: one query, and five more once a minute when the aggregates' caches are cold."""
    kept = reports.newest(*settings.KSEF_ENVIRONMENTS)
    observed = observations.observations(now)
    hours = hourly.hourly(now)
    return [
        EnvironmentStatus(
            **vars(reports.report(env, kept.get(env), now)),
            observed=observations.for_environment(observed, env),
            hours=hourly.for_environment(hours, env, now),
        )
        for env in settings.KSEF_ENVIRONMENTS
    ]


def portal_blocks(now: datetime) -> list[dict[str, Any]]:
    """Environments where KSeF blocks the portal's own address and every check waits: what the
    operator must report to the ministry (portal/checks/blocks.py)."""
    return [
        {
            "label": environment_label(block.environment),
            "since": block.since,
            "until": block.until,
            "incident_id": block.incident_id,
        }
        for block in blocks.active(now)
    ]
