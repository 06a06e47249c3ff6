from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django_q.models import Schedule

from portal.checks import lifecycle
from portal.checks.models import PaceKey, SessionCall, SessionCheck, Status
from tests.checks.factories import make_check

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def queued(monkeypatch):  # type: ignore[no-untyped-def]
    """Record what the sweeper queues instead of running it."""
    calls: list[tuple] = []
    monkeypatch.setattr(
        "portal.checks.lifecycle.async_task", lambda *args, **kwargs: calls.append(args)
    )
    return calls


@pytest.mark.django_db
def test_check_of_a_dead_worker_is_queued_again_once_then_abandoned(queued):
    check = make_check(NOW, status=Status.RUNNING, attempts=1, lease_until=NOW)

    lifecycle.sweep(NOW + timedelta(seconds=1))
    check.refresh_from_db()
    assert (check.status, check.redeliveries) == (Status.QUEUED, 1)
    assert queued == [(lifecycle.RUN_TASK, check.pk)]

    SessionCheck.objects.filter(pk=check.pk).update(
        status=Status.RUNNING, lease_until=NOW + timedelta(minutes=2)
    )
    report = lifecycle.sweep(NOW + timedelta(minutes=3))
    check.refresh_from_db()

    assert report.abandoned == 1
    assert check.status == Status.ABANDONED
    assert check.token_ciphertext == ""
    assert check.finished_at == NOW + timedelta(minutes=3)


@pytest.mark.django_db
def test_check_lost_by_the_broker_is_queued_again(queued, settings):
    settings.CHECK_QUEUE_GRACE_SECONDS = 180
    fresh = make_check(NOW, queued_at=NOW + timedelta(minutes=2))
    lost = make_check(NOW, queued_at=NOW)

    lifecycle.sweep(NOW + timedelta(minutes=4))

    assert queued == [(lifecycle.RUN_TASK, lost.pk)]
    fresh.refresh_from_db()
    assert fresh.redeliveries == 0


@pytest.mark.django_db
def test_waiting_check_whose_schedule_never_fired_is_dispatched(queued):
    check = make_check(
        NOW, status=Status.WAITING, attempts=2, next_attempt_at=NOW - timedelta(minutes=3)
    )
    Schedule.objects.create(
        name=f"{lifecycle.SCHEDULE_PREFIX}-{check.pk}-3",
        func=lifecycle.RUN_TASK,
        args=repr(check.pk),
        schedule_type=Schedule.ONCE,
        next_run=NOW - timedelta(minutes=3),
    )

    report = lifecycle.sweep(NOW)

    assert report.redispatched == 1
    assert queued == [(lifecycle.RUN_TASK, check.pk)]
    assert not Schedule.objects.filter(args=repr(check.pk)).exists()


@pytest.mark.django_db
def test_a_due_waiting_check_is_claimed_by_one_task_only():
    check = make_check(NOW, status=Status.WAITING, attempts=1, next_attempt_at=NOW)

    assert lifecycle.claim(check.pk, NOW) is not None
    assert lifecycle.claim(check.pk, NOW) is None
    check.refresh_from_db()
    assert (check.status, check.attempts) == (Status.RUNNING, 2)


@pytest.mark.django_db
def test_a_waiting_check_is_not_claimed_before_its_time():
    check = make_check(
        NOW, status=Status.WAITING, attempts=1, next_attempt_at=NOW + timedelta(seconds=30)
    )

    assert lifecycle.claim(check.pk, NOW) is None


@pytest.mark.django_db
def test_tokens_of_ended_checks_are_erased_and_old_pacing_rows_forgotten(queued):
    ended = make_check(NOW, status=Status.DONE)
    key = PaceKey.objects.create(environment="test", nip="1234563218")
    SessionCall.objects.create(key=key, at=NOW - timedelta(minutes=5))

    report = lifecycle.sweep(NOW)

    ended.refresh_from_db()
    assert ended.token_ciphertext == ""
    assert report.tokens_erased == 1
    assert not SessionCall.objects.exists()
    assert not PaceKey.objects.exists()


@pytest.mark.django_db
def test_checks_past_retention_are_deleted_with_their_steps(settings):
    settings.CHECK_RETENTION_DAYS = 30
    old = make_check(NOW - timedelta(days=31), status=Status.DONE)
    recent = make_check(NOW - timedelta(days=29), status=Status.DONE)

    assert lifecycle.purge(NOW) >= 1

    assert list(SessionCheck.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not SessionCheck.objects.filter(pk=old.pk).exists()
