"""The portal's recurring django-q2 schedules, registered idempotently by `setup_schedules`.

Work that must happen later is a row with a due time, claimed by one atomic UPDATE; the
every-minute schedules only wake the claimers up (session checks have a worker of their own,
`manage.py run_checks`, which looks all the time). The weekly one is a run of its own.
"""

from __future__ import annotations

from django_q.models import Schedule

from portal.checks.lifecycle import TIDY_TASK

TIDY_CHECKS = "checks: tidy up"
POLL_LATARNIA = "status: poll Latarnia"
CHECK_EXTERNAL_LINKS = "kb: check external links"
# name → (function, how often: Schedule.MINUTES is every minute, Schedule.WEEKLY once a week).
RECURRING = {
    # Tokens of ended checks erased, old checks deleted, old pacing rows forgotten.
    TIDY_CHECKS: (TIDY_TASK, Schedule.MINUTES),
    # A scheduled article goes live within a minute of its time.
    "kb: publish scheduled revisions": ("kb.revisions.publish_due", Schedule.MINUTES),
    # Latarnia's status and messages for each enabled environment, for /stan-ksef/.
    POLL_LATARNIA: ("portal.latarnia.polling.poll_latarnia", Schedule.MINUTES),
    # Links to other sites that stopped working, listed for writers in admin.
    CHECK_EXTERNAL_LINKS: ("kb.external_links.check_external_links", Schedule.WEEKLY),
}


def ensure_schedules() -> list[str]:
    """Create or correct the schedules, and drop any other schedule of ours (those of earlier
    versions); returns the names it created."""
    Schedule.objects.filter(func__regex=r"^(portal|kb)\.").exclude(name__in=RECURRING).delete()
    created = []
    for name, (func, every) in RECURRING.items():
        _, was_created = Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": every,
                "minutes": 1 if every == Schedule.MINUTES else None,
                "repeats": -1,
            },
        )
        if was_created:
            created.append(name)
    return created
