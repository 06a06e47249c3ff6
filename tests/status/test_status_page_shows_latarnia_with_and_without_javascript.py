"""/stan-ksef/ shows each environment's Latarnia status and messages, refreshes itself with htmx,
and reads the same without JavaScript; a failure started on /ksef-sim/ reaches it via the poll."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.ksef.latarnia import Reading, Status
from portal.latarnia.models import LatarniaReading
from portal.latarnia.polling import poll_latarnia
from tests.status.conftest import START

HTMX = {"HTTP_HX_REQUEST": "true"}


def _section(body: str, environment: str) -> str:
    start = body.index(f'id="env-{environment}"')
    return body[start : body.index("</section>", start)]


def test_a_failure_started_in_the_simulator_shows_after_the_poll(
    client, simulated_latarnia, settings
):
    settings.KSEF_ENVIRONMENTS = ["test", "demo", "prod"]
    client.post(
        "/ksef-sim/latarnia/",
        {"environment": "demo", "action": "start-failure", "text": "Brak dostępu do API"},
    )
    before = client.get("/stan-ksef/").content.decode()
    assert "Awaria" not in _section(before, "demo")  # nothing polled yet

    poll_latarnia()
    body = client.get("/stan-ksef/").content.decode()

    demo = _section(body, "demo")
    assert '<strong>Awaria</strong> <span class="status-since">(od 09:00)</span>' in demo
    assert "Brak dostępu do API" in demo
    assert "<strong>Działa</strong>" in _section(body, "prod")
    assert 'hx-trigger="load delay:60s"' in body
    assert '<a href="/stan-ksef/">Odśwież teraz</a>' in body  # without JavaScript


@pytest.mark.django_db
def test_the_htmx_refresh_gets_only_the_polled_fragment_in_one_query(
    client, django_assert_num_queries
):
    LatarniaReading.objects.create(
        environment="prod", status="AVAILABLE", read_at=START, since=START
    )
    client.get("/stan-ksef/")  # computes the observations, kept for a minute
    with django_assert_num_queries(1):
        body = client.get("/stan-ksef/", **HTMX).content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="ksef-status" hx-get="/stan-ksef/"')


@pytest.mark.django_db
def test_an_unreadable_latarnia_is_unknown_since_it_stopped_answering(client, frozen_clock):
    unreadable = Reading(Status.UNKNOWN, problem="GET /status: HTTP 502")
    poll_latarnia(read=lambda url: Reading(Status.AVAILABLE))
    frozen_clock.sleep(14 * 60)
    poll_latarnia(read=lambda url: unreadable)
    frozen_clock.sleep(60)
    poll_latarnia(read=lambda url: unreadable)

    body = client.get("/stan-ksef/").content.decode()

    unknown = '<strong>Stan nieznany</strong> <span class="status-since">od 09:14</span>'
    assert unknown in _section(body, "prod")
    assert "HTTP 502" not in body  # the reason is for the logs, not for users
    assert "Działa" not in body


@pytest.mark.django_db
def test_an_answer_the_poll_stopped_renewing_is_not_shown_as_available(client, frozen_clock):
    LatarniaReading.objects.create(
        environment="prod", status="AVAILABLE", read_at=START, since=START - timedelta(days=1)
    )
    frozen_clock.sleep(10 * 60)

    prod = _section(client.get("/stan-ksef/").content.decode(), "prod")

    assert '<strong>Stan nieznany</strong> <span class="status-since">od 09:00</span>' in prod
    assert "Działa" not in prod


@pytest.mark.django_db
def test_the_english_page_lives_under_en(client):
    body = client.get("/en/stan-ksef/").content.decode()
    assert "KSeF status now" in body
    assert "has not asked Latarnia yet" in body
