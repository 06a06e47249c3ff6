"""The portal's recurring django-q2 schedules (the session check's and the knowledge base's),
registered idempotently."""

from __future__ import annotations

from django_q.models import Schedule

# name → (function, schedule type, minutes between runs)
RECURRING: dict[str, tuple[str, str, int]] = {
    # Every minute: a check stuck after a dead worker is seen within about a minute and a half
    # (the lease plus this period), well inside the user's patience.
    "checks: sweep": ("portal.checks.tasks.sweep_checks", Schedule.MINUTES, 1),
    "checks: purge old checks": ("portal.checks.tasks.purge_checks", Schedule.DAILY, 0),
    # A scheduled article goes live within a minute of its time.
    "kb: publish scheduled revisions": ("kb.revisions.publish_due", Schedule.MINUTES, 1),
}


def ensure_schedules() -> list[str]:
    """Create or correct the recurring schedules; returns the names it created."""
    created = []
    for name, (func, schedule_type, minutes) in RECURRING.items():
        schedule, was_created = Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": schedule_type,
                "minutes": minutes or None,
                "repeats": -1,
            },
        )
        if was_created:
            created.append(schedule.name or name)
    return created
