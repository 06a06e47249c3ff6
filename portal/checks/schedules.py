"""The one recurring django-q2 schedule of the session check, registered idempotently."""

from __future__ import annotations

from django_q.models import Schedule

RUN_DUE = "checks: run due checks"
FUNC = "portal.checks.tasks.run_due_checks"


def ensure_schedules() -> bool:
    """Create or correct the schedule, and drop any other schedule of ours (those of earlier
    versions); True when it was created."""
    Schedule.objects.filter(func__startswith="portal.checks.").exclude(name=RUN_DUE).delete()
    _, created = Schedule.objects.update_or_create(
        name=RUN_DUE,
        defaults={"func": FUNC, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
    )
    return created
