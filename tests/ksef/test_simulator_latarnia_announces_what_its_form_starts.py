"""The simulator's Latarnia says what its form on /ksef-sim/ started, read by the real client."""

from __future__ import annotations

import pytest

from portal.ksef import latarnia
from portal.ksef.latarnia import Category, MessageType, Status
from portal.simulator import clock
from tests.ksef.conftest import START


def _announce(client, **fields):  # type: ignore[no-untyped-def]
    return client.post("/ksef-sim/latarnia/", {"text": "", **fields})


@pytest.fixture
def read(live_server, django_db_serialized_rollback):  # type: ignore[no-untyped-def]
    return lambda env: latarnia.read(f"{live_server.url}/ksef-sim/{env}/latarnia", timeout=5)


def test_a_started_failure_shows_in_its_environment_only_until_it_is_ended(client, read):
    response = _announce(client, environment="demo", action="start-failure", text="Brak łączności")
    assert response.status_code == 302

    reading = read("demo")
    assert reading.status == Status.FAILURE
    [message] = reading.current_messages(clock.now())
    assert (message.category, message.type, message.text) == (
        Category.FAILURE,
        MessageType.FAILURE_START,
        "Brak łączności",
    )
    assert read("prod").status == Status.AVAILABLE

    clock.advance(600)
    _announce(client, environment="demo", action="end-failure")
    ended = read("demo")
    assert ended.status == Status.AVAILABLE
    assert {m.type for m in ended.messages} == {MessageType.FAILURE_START, MessageType.FAILURE_END}
    assert ended.current_messages(clock.now()) == []


def test_a_total_failure_outranks_an_ongoing_maintenance(client, read):
    _announce(
        client,
        environment="test",
        action="announce-maintenance",
        maintenance_in_minutes="0",
        maintenance_minutes="60",
    )
    assert read("test").status == Status.MAINTENANCE
    _announce(client, environment="test", action="start-total-failure")
    assert read("test").status == Status.TOTAL_FAILURE


def test_an_announced_maintenance_is_news_before_it_starts_and_maintenance_during_it(client, read):
    _announce(
        client,
        environment="prod",
        action="announce-maintenance",
        maintenance_in_minutes="30",
        maintenance_minutes="120",
        text="Aktualizacja",
    )
    before = read("prod")
    assert before.status == Status.AVAILABLE
    [message] = before.current_messages(clock.now())
    assert (message.title, message.text, message.start, message.end) == (
        "Prace serwisowe KSeF",
        "Aktualizacja",
        START.replace(minute=30),
        START.replace(hour=11, minute=30),
    )
    clock.advance(31 * 60)
    assert read("prod").status == Status.MAINTENANCE


def test_the_form_refuses_a_missing_environment_and_lists_announcements(client, db):
    assert _announce(client, action="start-failure").status_code == 400
    _announce(client, environment="demo", action="start-failure", text="Brak łączności")
    page = client.get("/ksef-sim/").content.decode()
    assert "Brak łączności" in page
    assert 'action="/ksef-sim/latarnia/"' in page
