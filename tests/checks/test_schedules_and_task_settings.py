from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django_q.models import Schedule

from portal.checks.models import Status
from portal.schedules import CHECK_EXTERNAL_LINKS, POLL_LATARNIA, RUN_DUE
from tests.checks.factories import make_check


@pytest.mark.django_db
def test_setup_schedules_registers_each_run_once_at_its_interval_and_drops_old_ones():
    Schedule.objects.create(name="checks: sweep", func="portal.checks.tasks.sweep_checks")
    Schedule.objects.create(
        name="check-attempt-7-2", func="portal.checks.tasks.run_check", args="7"
    )

    call_command("setup_schedules")
    call_command("setup_schedules")

    schedules = {s.name: s for s in Schedule.objects.all()}
    assert sorted(schedules) == [
        "checks: run due checks",
        "kb: check external links",
        "kb: publish scheduled revisions",
        "status: poll Latarnia",
    ]
    assert schedules[RUN_DUE].func == "portal.checks.tasks.run_due_checks"
    assert schedules["kb: publish scheduled revisions"].func == "kb.revisions.publish_due"
    assert schedules[POLL_LATARNIA].func == "portal.latarnia.polling.poll_latarnia"
    weekly = schedules.pop(CHECK_EXTERNAL_LINKS)
    assert weekly.func == "kb.external_links.check_external_links"
    assert (weekly.schedule_type, weekly.minutes, weekly.repeats) == (Schedule.WEEKLY, None, -1)
    for schedule in schedules.values():
        assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 1)


@pytest.mark.django_db
def test_a_check_that_waits_brings_the_every_minute_run_forward_to_its_time(runner):
    call_command("setup_schedules")
    Schedule.objects.filter(name=RUN_DUE).update(next_run=runner.clock.now() + timedelta(minutes=5))

    check = runner.start("propagation")

    check.refresh_from_db()
    assert check.status == Status.WAITING
    assert Schedule.objects.get(name=RUN_DUE).next_run == check.next_attempt_at


def test_a_failed_task_is_acknowledged_and_not_run_again():
    # A check whose task failed is due again in the database; the timeout, retry and lease
    # rules are system checks (tests/test_settings_that_must_agree_are_checked.py).
    q = settings.Q_CLUSTER
    assert q["max_attempts"] == 1
    assert q["ack_failures"] is True


@pytest.mark.django_db
def test_run_due_task_reports_what_it_did():
    from portal.checks.tasks import run_due_checks

    make_check(datetime(2020, 1, 1, tzinfo=UTC), status=Status.DONE)

    assert run_due_checks() == "ran 0, tokens erased 1, purged 1"
