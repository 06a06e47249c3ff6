"""What /stan-ksef/, its JSON twin and the check page show of Latarnia's kept answers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.checks.config import environment_label
from portal.ksef.latarnia import Message, Status
from portal.status import observations
from portal.status.models import LatarniaReading

# The poll runs every minute: an answer older than this means the poll stopped, and an old
# "available" must not pass for a current one.
STALE_AFTER = timedelta(minutes=5)

LABELS = {
    Status.AVAILABLE: _("Działa"),
    Status.MAINTENANCE: _("Prace serwisowe"),
    Status.FAILURE: _("Awaria"),
    Status.TOTAL_FAILURE: _("Całkowita awaria"),
    Status.UNKNOWN: _("Stan nieznany"),
}
TONES = {
    Status.AVAILABLE: "ok",
    Status.MAINTENANCE: "warn",
    Status.FAILURE: "bad",
    Status.TOTAL_FAILURE: "bad",
    Status.UNKNOWN: "warn",
}
DISRUPTED = {Status.MAINTENANCE, Status.FAILURE, Status.TOTAL_FAILURE}


@dataclass(frozen=True)
class EnvironmentStatus:
    environment: str
    label: str
    status: Status
    # When the status began as far as our readings know; None before the first reading.
    since: datetime | None
    read_at: datetime | None
    messages: list[Message]
    # The portal's own checks: {measure: {window: Figure}} (portal.status.observations).
    observed: dict[str, dict[str, observations.Figure]] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return str(LABELS[self.status])

    @property
    def tone(self) -> str:
        return TONES[self.status]

    @property
    def disrupted(self) -> bool:
        return self.status in DISRUPTED

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
        }


def _status(environment: str, kept: LatarniaReading | None, now: datetime) -> EnvironmentStatus:
    label = environment_label(environment)
    if kept is None:
        return EnvironmentStatus(environment, label, Status.UNKNOWN, None, None, [])
    if now - kept.read_at > STALE_AFTER:
        return EnvironmentStatus(environment, label, Status.UNKNOWN, kept.read_at, kept.read_at, [])
    status = Status(kept.status)
    messages = [] if status == Status.UNKNOWN else kept.current_messages(now)
    return EnvironmentStatus(environment, label, status, kept.since, kept.read_at, messages)


def environments(now: datetime) -> list[EnvironmentStatus]:
    """Every enabled environment's status and the portal's observations, in the order of
    settings: one query, and three more once a minute when the observations' cache is cold."""
    kept = {r.environment: r for r in LatarniaReading.objects.all()}
    observed = observations.observations(now)
    return [
        replace(
            _status(env, kept.get(env), now),
            observed=observations.for_environment(observed, env),
        )
        for env in settings.KSEF_ENVIRONMENTS
    ]


def disruption(environment: str, now: datetime) -> EnvironmentStatus | None:
    """Latarnia's failure or maintenance in ``environment``, if it reports one now."""
    kept = LatarniaReading.objects.filter(environment=environment).first()
    status = _status(environment, kept, now)
    return status if status.disrupted else None


def announcement(environment: str, now: datetime) -> dict[str, Any] | None:
    """Latarnia's failure or maintenance in ``environment`` now, as plain data a check's verdict
    keeps in its facts (portal.checks.diagnosis.decide): the status and each current message's
    title, text and times."""
    status = disruption(environment, now)
    if status is None:
        return None
    return {
        "status": status.status.value,
        "messages": [
            {
                "title": m.title,
                "text": m.text,
                "start": m.start.isoformat(),
                "end": m.end.isoformat() if m.end else None,
            }
            for m in status.messages
        ],
    }
