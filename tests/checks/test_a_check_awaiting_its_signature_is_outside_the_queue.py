"""A check without a token holds nothing to send until its signed request arrives: no worker
takes it, it has no place in the queue, and it neither pushes other checks back nor counts when
the queue decides whether a new check can still be served."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.checks import lifecycle, queueing
from portal.checks.models import Method, SessionCheck, Status
from tests.checks.conftest import START
from tests.checks.factories import FixedClock, make_check, make_load


def awaiting(count: int) -> list[SessionCheck]:
    return [
        make_check(
            START - timedelta(minutes=1),
            nip=f"6{n:09d}",
            client_key=f"signing-{n}",
            method=Method.SIGNATURE,
            status=Status.AWAITING_SIGNATURE,
            token_ciphertext="",
            challenge=f"20261125-CR-{n:010d}-0000000000-00",
            challenge_issued_at=START - timedelta(minutes=1),
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_no_worker_takes_a_check_awaiting_its_signature():
    [check] = awaiting(1)

    assert lifecycle.claim(START) is None
    assert lifecycle.run_due(FixedClock(START)) == 0
    check.refresh_from_db()
    assert (check.status, check.attempts) == (Status.AWAITING_SIGNATURE, 0)
    assert not queueing.in_queue(check, START)


@pytest.mark.django_db
def test_checks_awaiting_a_signature_take_no_place_before_a_queued_one():
    awaiting(3)
    [queued] = make_load(START, running=2, queued=1, attempt_seconds=6.0)

    assert queueing.standing(queued, START).place == 1


@pytest.mark.django_db
def test_checks_awaiting_a_signature_do_not_fill_the_queue_for_a_new_check():
    # 29 queued: the 30th is served within half the window (30 x 30 s / 2 = 450 s); the checks
    # awaiting a signature would push it past if they counted.
    make_load(START, running=2, queued=29, attempt_seconds=30.0)
    awaiting(20)

    queueing.admit(START)

    make_check(START, nip="5000000000", client_key="one-more")
    with pytest.raises(queueing.PortalBusy):
        queueing.admit(START)
