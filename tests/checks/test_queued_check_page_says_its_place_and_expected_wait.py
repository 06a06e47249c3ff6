"""A queued check's page says where it stands and how long it will likely wait, computed from what
the workers are doing: the attempts running now and how long attempts took lately."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from portal.checks.models import Status
from tests.checks.conftest import SIGNED_BY_NAME, START
from tests.checks.factories import make_check, make_running
from tests.checks.signing import self_signed, sign

HTMX = {"HTTP_HX_REQUEST": "true"}


def ended_attempts(*seconds: float, ago: timedelta = timedelta(minutes=1)) -> None:
    for n, duration in enumerate(seconds):
        make_check(
            START - ago,
            nip=f"{n:010d}",
            status=Status.DONE,
            claimed_at=START - ago,
            attempt_seconds=duration,
        )


def queued(count: int) -> list:  # type: ignore[type-arg]
    return [make_check(START, nip=f"9{n:09d}", client_key=f"queued-{n}") for n in range(count)]


def queue_line(body: str) -> str:
    match = re.search(
        r'<p class="[^"]*" id="check-queue" data-queue-place="(\d+)">([^<]*)</p>', body
    )
    assert match is not None, body
    return f"{match[1]}: {html.unescape(match[2])}"


@pytest.mark.django_db
def test_the_third_in_the_queue_sees_its_place_and_a_wait_from_the_workers_pace(
    client, simulated_clock
):
    make_running(START, 4)
    # Averaging 5 s; an attempt from before the last ten minutes says nothing about now.
    ended_attempts(4.0, 6.0)
    ended_attempts(60.0, ago=timedelta(minutes=11))
    checks = queued(3)

    body = client.get(f"/sprawdz-sesje/{checks[2].public_id}/", **HTMX).content.decode()

    # 3 places x 5 s / 4 attempts at once = 3.75 s, rounded up to 5 s.
    assert queue_line(body) == "3: W kolejce: miejsce 3. Szacowany czas oczekiwania: ok. 5 s."
    assert (
        "Szacunek z bieżącej pracy portalu: prób w toku teraz: 4; średni czas próby w ostatnich "
        "10 min: 5,0 s."
    ) in body
    # Still a live page: it polls until the verdict.
    assert 'hx-trigger="load delay:2s"' in body


@pytest.mark.django_db
def test_a_long_wait_is_given_in_minutes_in_polish_and_english(client, simulated_clock):
    make_running(START, 1)
    ended_attempts(30.0)
    checks = queued(4)
    page = f"/sprawdz-sesje/{checks[3].public_id}/"

    polish = client.get(page).content.decode()
    english = html.unescape(client.get(f"/en{page}").content.decode())

    # 4 x 30 s / 1 = 120 s.
    assert queue_line(polish) == "4: W kolejce: miejsce 4. Szacowany czas oczekiwania: ok. 2 min."
    assert queue_line(english) == "4: Queued: place 4. Expected wait: about 2 min."
    assert (
        "Estimated from the portal's work right now: attempts running: 1; average attempt over "
        "the last 10 min: 30.0 s."
    ) in english


@pytest.mark.django_db
def test_without_recent_attempts_the_page_gives_the_place_and_says_the_wait_comes_later(
    client, simulated_clock
):
    ended_attempts(5.0, ago=timedelta(hours=1))
    [_, second] = queued(2)

    body = client.get(f"/sprawdz-sesje/{second.public_id}/").content.decode()

    assert queue_line(body) == (
        "2: W kolejce: miejsce 2. Czas oczekiwania podamy, gdy skończą się pierwsze próby "
        "innych sprawdzeń."
    )
    assert "Szacunek z bieżącej pracy" not in body


@pytest.mark.django_db
def test_a_retry_that_fell_due_queues_too_and_counts_for_the_checks_behind_it(
    client, simulated_clock
):
    make_running(START, 2)
    ended_attempts(8.0)
    retry = make_check(
        START - timedelta(minutes=3),
        nip="8000000000",
        status=Status.WAITING,
        attempts=1,
        next_attempt_at=START - timedelta(seconds=1),
    )
    make_check(  # not due yet: not in the queue
        START - timedelta(minutes=2),
        nip="8000000001",
        status=Status.WAITING,
        attempts=1,
        next_attempt_at=START + timedelta(seconds=30),
    )
    [new] = queued(1)

    retry_page = client.get(f"/sprawdz-sesje/{retry.public_id}/").content.decode()
    new_page = client.get(f"/sprawdz-sesje/{new.public_id}/").content.decode()

    assert queue_line(retry_page) == (
        "1: Próba 1 z maks. 14 zakończona. W kolejce: miejsce 1. Szacowany czas oczekiwania: ok. "
        "5 s."
    )
    # 2 x 8 s / 2 = 8 s, rounded up to 10 s.
    assert queue_line(new_page) == "2: W kolejce: miejsce 2. Szacowany czas oczekiwania: ok. 10 s."


@pytest.mark.django_db
def test_a_running_check_shows_no_queue(client, simulated_clock):
    make_running(START, 1)
    ended_attempts(5.0)
    check = make_check(
        START, status=Status.RUNNING, attempts=1, lease_until=START + timedelta(minutes=2)
    )

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert "data-queue-place" not in body
    assert "Próba 1 z maks." in body


@pytest.mark.django_db
def test_a_queued_checks_poll_costs_two_queries_more_than_a_running_ones(
    client, simulated_clock, django_assert_max_num_queries
):
    make_running(START, 2)
    ended_attempts(5.0)
    [check] = queued(1)

    # The check and its steps, then its place and the workers' pace.
    with django_assert_max_num_queries(4):
        body = client.get(f"/sprawdz-sesje/{check.public_id}/?seen=0", **HTMX).content.decode()

    assert 'data-queue-place="1"' in body


def test_a_signed_check_gets_its_place_once_its_request_arrives(runner, client):
    make_running(START, 2)
    ended_attempts(6.0)
    found = SIGNED_BY_NAME["signed-ok"]
    check = runner.request_signature(found.environment.value, found.nip)
    page = f"/sprawdz-sesje/{check.public_id}/"
    # Awaiting its signature it is not in the queue: the page offers the file instead.
    assert "data-queue-place" not in client.get(page).content.decode()

    signed = sign(runner.document(check), self_signed(runner.clock.now()))
    assert runner.upload(check, signed).status_code == 302
    body = client.get(page).content.decode()

    # 1 place x 6 s / 2 attempts at once = 3 s, rounded up to 5 s.
    assert queue_line(body) == "1: W kolejce: miejsce 1. Szacowany czas oczekiwania: ok. 5 s."
    assert 'hx-trigger="load delay:2s"' in body
