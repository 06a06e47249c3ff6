"""When the queue is longer than a new check could wait (half its retry window, at the workers'
present pace), the form refuses it with the expected wait and a time to come back: nothing is
stored, no rate limit is spent, and the form keeps what was typed except the token. A check
without a token is refused the same way before KSeF is asked for its challenge."""

from __future__ import annotations

import html

import pytest

from portal.checks import runner
from portal.checks.models import SessionCheck, Status
from tests.checks.conftest import START
from tests.checks.factories import TOKEN, make_check, make_load

NIP = "1234563218"


def load(*, queued: int) -> None:
    make_load(START, running=2, queued=queued, attempt_seconds=30.0)


def submit(client, path="/sprawdz-sesje/"):  # type: ignore[no-untyped-def]
    return client.post(path, {"env": "demo", "nip": NIP, "token": TOKEN})


@pytest.mark.django_db
def test_a_check_that_would_wait_past_half_its_window_is_refused_with_a_time_to_come_back(
    client, settings, simulated_clock
):
    settings.CHECK_RETRY_WINDOW_SECONDS = 900
    settings.CHECK_STARTS_PER_ADDRESS_PER_HOUR = 1
    # 40 queued, so the new one is 41st: 41 x 30 s / 2 running = 615 s, past 450 s.
    load(queued=40)
    before = SessionCheck.objects.count()

    response = submit(client)

    assert response.status_code == 503
    # 165 s past 450 s from 10:00:00 (Warsaw): back at 10:03, 180 s from now.
    assert response["Retry-After"] == "180"
    body = html.unescape(response.content.decode())
    assert (
        "Portal sprawdza teraz więcej sesji, niż zdąży obsłużyć: nowe sprawdzenie czekałoby w "
        "kolejce ok. 11 min, a ma na swoje próby 15 min. Niczego nie zapisaliśmy. Spróbuj "
        "ponownie o 10:03."
    ) in body
    assert SessionCheck.objects.count() == before
    # The form keeps the environment and the NIP; the token is never sent back.
    assert 'value="demo" selected' in body
    assert f'value="{NIP}"' in body
    assert TOKEN not in body
    assert "wklej go ponownie" in body
    # The one start this address has an hour was not spent on the refusal.
    SessionCheck.objects.filter(status=Status.QUEUED).delete()
    assert submit(client).status_code == 302


@pytest.mark.django_db
def test_the_refusal_reads_in_english_on_the_english_form(client, simulated_clock):
    load(queued=40)

    response = submit(client, "/en/sprawdz-sesje/")

    assert response.status_code == 503
    assert (
        "The portal is checking more sessions right now than it can serve: a new check would "
        "wait about 11 min in the queue, and it has 15 min for its attempts. Nothing was stored. "
        "Please try again at 10:03."
    ) in html.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_queue_the_workers_clear_in_time_takes_the_check(client, simulated_clock):
    # 29 queued: 30 x 30 s / 2 = 450 s, just within half the window.
    load(queued=29)

    response = submit(client)

    assert response.status_code == 302
    assert SessionCheck.objects.filter(nip=NIP, status=Status.QUEUED).count() == 1


@pytest.mark.django_db
def test_without_recent_attempts_nothing_suggests_a_queue_and_the_check_is_taken(
    client, simulated_clock
):
    for n in range(200):
        make_check(START, nip=f"9{n:09d}", client_key=f"queued-{n}")

    assert submit(client).status_code == 302


@pytest.mark.django_db
def test_a_check_without_a_token_is_refused_before_ksef_is_asked_for_a_challenge(
    client, settings, simulated_clock, monkeypatch
):
    settings.CHECK_STARTS_PER_ADDRESS_PER_HOUR = 1

    def no_call(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("KSeF was asked for a challenge")

    monkeypatch.setattr(runner, "new_client", no_call)
    load(queued=40)
    before = SessionCheck.objects.count()

    response = client.post("/sprawdz-sesje/podpis/", {"signed-env": "demo", "signed-nip": NIP})

    assert response.status_code == 503
    assert response["Retry-After"] == "180"
    body = html.unescape(response.content.decode())
    assert "nowe sprawdzenie czekałoby w kolejce ok. 11 min" in body
    assert "Spróbuj ponownie o 10:03." in body
    assert SessionCheck.objects.count() == before
    assert f'value="{NIP}"' in body
    # The one start this address has an hour was not spent on the refusal.
    SessionCheck.objects.filter(status=Status.QUEUED).delete()
    assert submit(client).status_code == 302
