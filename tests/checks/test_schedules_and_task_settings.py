from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django_q.models import Schedule


@pytest.mark.django_db
def test_setup_schedules_registers_sweeper_and_retention_once():
    call_command("setup_schedules")
    call_command("setup_schedules")

    schedules = {s.name: s for s in Schedule.objects.all()}
    assert schedules["checks: sweep"].func == "portal.checks.tasks.sweep_checks"
    assert schedules["checks: sweep"].schedule_type == Schedule.MINUTES
    assert schedules["checks: sweep"].minutes == 1
    assert schedules["checks: purge old checks"].schedule_type == Schedule.DAILY
    assert schedules["kb: publish scheduled revisions"].func == "kb.revisions.publish_due"
    assert schedules["kb: publish scheduled revisions"].minutes == 1
    assert Schedule.objects.count() == 3


def test_task_timeout_is_below_retry_and_the_lease_outlives_the_timeout():
    q = settings.Q_CLUSTER
    assert q["timeout"] < q["retry"]
    assert q["max_attempts"] == 1
    assert q["ack_failures"] is True
    assert q["timeout"] < settings.CHECK_LEASE_SECONDS


@pytest.mark.django_db
def test_sweep_task_reports_what_it_did():
    from portal.checks.tasks import purge_checks, sweep_checks

    assert sweep_checks().startswith("requeued 0, abandoned 0")
    assert purge_checks() == "deleted 0"
