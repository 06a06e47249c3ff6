from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django_q.models import Schedule

from portal.checks.models import Status
from portal.schedules import CHECK_EXTERNAL_LINKS, POLL_LATARNIA, TIDY_CHECKS
from tests.checks.factories import make_check


@pytest.mark.django_db
def test_setup_schedules_registers_each_run_once_at_its_interval_and_drops_old_ones():
    Schedule.objects.create(name="checks: sweep", func="portal.checks.tasks.sweep_checks")
    Schedule.objects.create(
        name="check-attempt-7-2", func="portal.checks.tasks.run_check", args="7"
    )
    # Checks ran in this schedule before they had a worker of their own.
    Schedule.objects.create(
        name="checks: run due checks", func="portal.checks.tasks.run_due_checks"
    )

    call_command("setup_schedules")
    call_command("setup_schedules")

    schedules = {s.name: s for s in Schedule.objects.all()}
    assert sorted(schedules) == [
        "checks: tidy up",
        "kb: check external links",
        "kb: publish scheduled revisions",
        "status: poll Latarnia",
    ]
    assert schedules[TIDY_CHECKS].func == "portal.checks.tasks.tidy_checks"
    assert schedules["kb: publish scheduled revisions"].func == "kb.revisions.publish_due"
    assert schedules[POLL_LATARNIA].func == "portal.latarnia.polling.poll_latarnia"
    weekly = schedules.pop(CHECK_EXTERNAL_LINKS)
    assert weekly.func == "kb.external_links.check_external_links"
    assert (weekly.schedule_type, weekly.minutes, weekly.repeats) == (Schedule.WEEKLY, None, -1)
    for schedule in schedules.values():
        assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 1)


def test_a_failed_task_is_acknowledged_and_not_run_again():
    # The next run of its schedule does the work again; the timeout and retry rule is a system
    # check (tests/test_settings_that_must_agree_are_checked.py).
    q = settings.Q_CLUSTER
    assert q["max_attempts"] == 1
    assert q["ack_failures"] is True


@pytest.mark.django_db
def test_tidy_task_reports_what_it_did():
    from portal.checks.tasks import tidy_checks

    make_check(datetime(2020, 1, 1, tzinfo=UTC), status=Status.DONE)

    assert tidy_checks() == "tokens erased 1, purged 1"
