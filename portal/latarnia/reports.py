"""What Latarnia reports for an environment now, from the reading the poll kept: a reading too old
or none at all is "unknown", never an old "available"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from portal.ksef.latarnia import Message, Status
from portal.latarnia.models import LatarniaReading
from portal.lib.environments import environment_label

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
class Report:
    environment: str
    label: str
    status: Status
    # When the status began as far as our readings know; None before the first reading.
    since: datetime | None
    read_at: datetime | None
    messages: list[Message]
    reading_id: int | None = None  # the kept reading this report comes from

    @property
    def status_label(self) -> str:
        return str(LABELS[self.status])

    @property
    def tone(self) -> str:
        return TONES[self.status]

    @property
    def disrupted(self) -> bool:
        return self.status in DISRUPTED


def report(environment: str, kept: LatarniaReading | None, now: datetime) -> Report:
    label = environment_label(environment)
    if kept is None:
        return Report(environment, label, Status.UNKNOWN, None, None, [])
    if now - kept.read_at > STALE_AFTER:
        return Report(environment, label, Status.UNKNOWN, kept.read_at, kept.read_at, [])
    status = Status(kept.status)
    messages = [] if status == Status.UNKNOWN else kept.current_messages(now)
    return Report(environment, label, status, kept.since, kept.read_at, messages, kept.pk)


def newest(*environments: str) -> dict[str, LatarniaReading]:
    """The newest kept reading of each of ``environments``, in one query."""
    latest = LatarniaReading.objects.filter(environment=OuterRef("environment")).order_by(
        "-read_at", "-pk"
    )
    readings = LatarniaReading.objects.filter(
        environment__in=environments, pk=Subquery(latest.values("pk")[:1])
    )
    return {reading.environment: reading for reading in readings}


def disruption(environment: str, now: datetime) -> Report | None:
    """Latarnia's failure or maintenance in ``environment``, if it reports one now."""
    status = report(environment, newest(environment).get(environment), now)
    return status if status.disrupted else None
