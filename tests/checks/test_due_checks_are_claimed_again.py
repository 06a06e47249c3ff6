"""A killed worker and a missed wake-up both leave a check due in the database; the next claim
takes it again, one worker at a time, and gives up clearly past the deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.checks import lifecycle
from portal.checks.models import PaceKey, SessionCall, SessionCheck, Status
from tests.checks.factories import FixedClock, make_check

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def attempts(monkeypatch):  # type: ignore[no-untyped-def]
    """Record which checks get an attempt instead of calling KSeF."""
    ran: list[int] = []
    monkeypatch.setattr(lifecycle, "attempt", lambda check, clock: ran.append(check.pk))
    return ran


@pytest.mark.django_db
def test_check_of_a_dead_worker_is_due_again_once_its_lease_runs_out(attempts):
    check = make_check(NOW, status=Status.RUNNING, attempts=1, lease_until=NOW)

    lifecycle.run_due(FixedClock(NOW))
    assert attempts == []

    lifecycle.run_due(FixedClock(NOW + timedelta(seconds=1)))
    check.refresh_from_db()
    assert attempts == [check.pk]
    assert (check.status, check.attempts) == (Status.RUNNING, 2)


@pytest.mark.django_db
def test_a_queued_check_is_run_by_the_next_look_for_due_checks(attempts):
    lost = make_check(NOW)

    lifecycle.run_due(FixedClock(NOW + timedelta(minutes=1)))

    assert attempts == [lost.pk]


@pytest.mark.django_db
def test_a_due_waiting_check_is_claimed_by_one_worker_only():
    check = make_check(NOW, status=Status.WAITING, attempts=1, next_attempt_at=NOW)

    assert lifecycle.claim(NOW) is not None
    assert lifecycle.claim(NOW) is None
    check.refresh_from_db()
    assert (check.status, check.attempts, check.claimed_at) == (Status.RUNNING, 2, NOW)


@pytest.mark.django_db
def test_a_waiting_check_is_not_claimed_before_its_time():
    make_check(NOW, status=Status.WAITING, attempts=1, next_attempt_at=NOW + timedelta(seconds=30))

    assert lifecycle.claim(NOW) is None


@pytest.mark.django_db
def test_a_check_still_due_past_its_deadline_is_abandoned_with_its_token_erased():
    check = make_check(NOW, status=Status.RUNNING, attempts=4, lease_until=NOW)
    late = check.deadline + lifecycle.get_config().lease + timedelta(seconds=1)

    lifecycle.run_due(FixedClock(late))

    check.refresh_from_db()
    assert check.status == Status.ABANDONED
    assert check.token_ciphertext == ""
    assert check.finished_at == late
    assert check.steps.get().detail == "abandoned"


@pytest.mark.django_db
def test_tokens_of_ended_checks_are_erased_and_old_pacing_rows_forgotten():
    ended = make_check(NOW, status=Status.DONE)
    key = PaceKey.objects.create(environment="test", nip="1234563218")
    # Older than the longest window KSeF counts (an hour).
    SessionCall.objects.create(key=key, at=NOW - timedelta(minutes=61))

    report = lifecycle.tidy(NOW)

    ended.refresh_from_db()
    assert ended.token_ciphertext == ""
    assert "tokens erased 1" in report
    assert not SessionCall.objects.exists()
    assert not PaceKey.objects.exists()


@pytest.mark.django_db
def test_checks_past_retention_are_deleted_with_their_steps(settings):
    settings.CHECK_RETENTION_DAYS = 30
    old = make_check(NOW - timedelta(days=31), status=Status.DONE)
    recent = make_check(NOW - timedelta(days=29), status=Status.DONE)

    lifecycle.tidy(NOW)

    assert list(SessionCheck.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not SessionCheck.objects.filter(pk=old.pk).exists()
