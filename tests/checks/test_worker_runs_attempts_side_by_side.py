"""The check worker runs as many attempts at once as it has threads, takes more as threads free
up, survives an attempt that fails, and renews the leases of the attempts it is running."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from portal.checks import lifecycle
from portal.checks.models import SessionCheck, Status
from portal.checks.worker import CheckWorker
from tests.checks.factories import FixedClock, make_check

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
WAIT = 10  # seconds a test waits at most for a thread; never asserted on

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class HeldAttempts:
    """Attempts that wait until released, then end the check."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started: list[int] = []

    def __call__(self, check: SessionCheck, clock: object) -> None:
        self.started.append(check.pk)
        assert self.release.wait(WAIT)
        SessionCheck.objects.filter(pk=check.pk).update(status=Status.DONE, lease_until=None)


def checks(count: int) -> list[SessionCheck]:
    # A client and a NIP each: the per-client and per-NIP shares play no part here.
    return [make_check(NOW, nip=f"{n:010d}", client_key=f"client-{n}") for n in range(count)]


def test_the_worker_runs_one_attempt_per_thread_and_takes_more_as_they_end(monkeypatch):
    held = HeldAttempts()
    monkeypatch.setattr(lifecycle, "attempt", held)
    first, second, third, fourth, fifth = checks(5)
    worker = CheckWorker(FixedClock(NOW), threads=3)
    try:
        assert worker.start_due() == 3
        assert worker.running == 3
        # Every thread is busy: nothing more is claimed.
        assert worker.start_due() == 0
        running = SessionCheck.objects.filter(status=Status.RUNNING)
        assert sorted(running.values_list("pk", flat=True)) == [first.pk, second.pk, third.pk]

        held.release.set()
        deadline = time.monotonic() + WAIT
        while worker.running and time.monotonic() < deadline:
            time.sleep(0.01)
        # Their attempts ended: the freed threads take the rest.
        assert worker.start_due() == 2
    finally:
        held.release.set()
        worker.close()
    assert sorted(held.started[:3]) == [first.pk, second.pk, third.pk]
    assert sorted(held.started[3:]) == [fourth.pk, fifth.pk]
    assert not SessionCheck.objects.exclude(status=Status.DONE).exists()


def test_an_attempt_that_raises_frees_its_thread_and_leaves_the_check_to_its_lease(monkeypatch):
    def broken(check: SessionCheck, clock: object) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(lifecycle, "attempt", broken)
    [check] = checks(1)
    worker = CheckWorker(FixedClock(NOW), threads=2)

    assert worker.start_due() == 1
    worker.close()

    assert worker.running == 0
    check.refresh_from_db()
    assert check.status == Status.RUNNING
    assert check.lease_until == NOW + lifecycle.get_config().lease
    # Due again once the lease runs out, for any worker.
    later = CheckWorker(FixedClock(check.lease_until + timedelta(seconds=1)), threads=1)
    assert later.start_due() == 1
    later.close()


class MovingClock(FixedClock):
    def move_to(self, moment: datetime) -> None:
        self._now = moment


def test_leases_of_running_attempts_are_renewed_until_the_checks_deadline(monkeypatch):
    held = HeldAttempts()
    monkeypatch.setattr(lifecycle, "attempt", held)
    [check] = checks(1)
    lease = lifecycle.get_config().lease
    clock = MovingClock(NOW)
    worker = CheckWorker(clock, threads=1)
    try:
        worker.start_due()

        clock.move_to(NOW + timedelta(seconds=90))
        assert worker.renew_leases() == 1
        check.refresh_from_db()
        assert check.lease_until == NOW + timedelta(seconds=90) + lease

        # Past its deadline an attempt that still runs is hung: its lease is left to run out.
        clock.move_to(check.deadline + timedelta(seconds=1))
        assert worker.renew_leases() == 0
        check.refresh_from_db()
        assert check.lease_until == NOW + timedelta(seconds=90) + lease
    finally:
        held.release.set()
        worker.close()


def test_serve_stops_when_asked_and_lets_the_running_attempt_end(monkeypatch):
    held = HeldAttempts()
    monkeypatch.setattr(lifecycle, "attempt", held)
    [check] = checks(1)
    worker = CheckWorker(FixedClock(NOW), threads=2)
    stop = threading.Event()
    serving = threading.Thread(target=worker.serve, args=(stop,))
    serving.start()
    try:
        for _ in range(WAIT * 10):
            if held.started:
                break
            stop.wait(0.1)
        assert held.started == [check.pk]
    finally:
        stop.set()
        worker.wake()
        held.release.set()
        serving.join(WAIT)

    assert not serving.is_alive()
    check.refresh_from_db()
    assert check.status == Status.DONE
