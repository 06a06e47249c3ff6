"""Workers take due checks oldest first, except that a client, or a NIP, with two attempts
already running waits for one of them to end: one person starting many checks, or one company
checked by many people, cannot hold every thread while the others wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.checks import lifecycle
from portal.checks.models import SessionCheck, Status
from tests.checks.factories import make_check

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
LEASED = {"status": Status.RUNNING, "attempts": 1, "lease_until": NOW + timedelta(minutes=2)}


def claimed(count: int) -> list[SessionCheck | None]:
    return [lifecycle.claim(NOW) for _ in range(count)]


@pytest.mark.django_db
def test_a_client_with_two_running_attempts_waits_while_others_go_first():
    for nip in ("1111111111", "2222222222"):
        make_check(NOW, nip=nip, client_key="busy", **LEASED)
    busy_next = make_check(NOW, nip="3333333333", client_key="busy")
    other = make_check(NOW, nip="4444444444", client_key="other")

    [first, second] = claimed(2)

    assert first is not None
    assert first.pk == other.pk
    assert second is None
    # One of its attempts ends: its next check goes.
    SessionCheck.objects.filter(nip="1111111111").update(status=Status.DONE, lease_until=None)
    [third] = claimed(1)
    assert third is not None
    assert third.pk == busy_next.pk


@pytest.mark.django_db
def test_a_nip_with_two_running_attempts_waits_whoever_asks_for_it():
    make_check(NOW, nip="1111111111", client_key="first", **LEASED)
    make_check(NOW, nip="1111111111", client_key="second", **LEASED)
    same_nip = make_check(NOW, nip="1111111111", client_key="third")
    other_nip = make_check(NOW, nip="2222222222", client_key="third")

    [first, second] = claimed(2)

    assert first is not None
    assert first.pk == other_nip.pk
    assert second is None
    same_nip.refresh_from_db()
    assert same_nip.status == Status.QUEUED


@pytest.mark.django_db
def test_one_running_attempt_holds_nobody_back():
    make_check(NOW, nip="1111111111", client_key="busy", **LEASED)
    older = make_check(NOW, nip="1111111111", client_key="busy")
    make_check(NOW, nip="2222222222", client_key="other")

    [first] = claimed(1)

    assert first is not None
    assert first.pk == older.pk


@pytest.mark.django_db
def test_an_attempt_whose_lease_ran_out_counts_as_due_not_as_running():
    dead = [
        make_check(NOW, nip=nip, client_key="busy", status=Status.RUNNING, lease_until=NOW - SECOND)
        for nip in ("1111111111", "2222222222")
    ]
    waiting_long = make_check(NOW, nip="3333333333", client_key="busy")

    taken = [check.pk for check in claimed(3) if check is not None]

    # Counted as running, the dead workers' checks would hold back even themselves. Taken
    # again, they are the client's two running attempts, and its third check waits.
    assert taken == [check.pk for check in dead]
    waiting_long.refresh_from_db()
    assert waiting_long.status == Status.QUEUED
