"""Latarnia's answers are read as the ministry writes them; anything else is UNKNOWN, with why."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from portal.ksef import latarnia
from portal.ksef.latarnia import Category, MessageType, Status
from tests.ksef.latarnia_answers import (
    AVAILABLE,
    FAILURE_END,
    FAILURE_START,
    IN_FAILURE,
    MAINTENANCE,
    serving,
)

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 in Warsaw


def _read(status, messages, *, timeout=2.0):  # type: ignore[no-untyped-def]
    with serving({"/status": status, "/messages": messages}) as url:
        return latarnia.read(url, timeout=timeout)


def test_available_with_an_announced_maintenance():
    reading = _read((200, AVAILABLE, 0), (200, [MAINTENANCE], 0))
    assert (reading.status, reading.problem) == (Status.AVAILABLE, "")
    [message] = reading.current_messages(NOW)
    assert (message.category, message.type, message.title) == (
        Category.MAINTENANCE,
        MessageType.MAINTENANCE_ANNOUNCEMENT,
        "Prace serwisowe",
    )
    assert message.start == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    assert message.end == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_failure_with_its_message_from_both_calls_counted_once():
    reading = _read((200, IN_FAILURE, 0), (200, [FAILURE_START, MAINTENANCE], 0))
    assert reading.status == Status.FAILURE
    assert [m.title for m in reading.current_messages(NOW)] == ["Awaria KSeF", "Prace serwisowe"]
    assert reading.current_messages(NOW)[0].end is None


def test_an_ended_failure_and_a_past_maintenance_are_not_current():
    reading = _read((200, AVAILABLE, 0), (200, [FAILURE_START, FAILURE_END, MAINTENANCE], 0))
    after_maintenance = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    assert [m.title for m in reading.current_messages(NOW)] == ["Prace serwisowe"]
    assert reading.current_messages(after_maintenance) == []


def test_messages_round_trip_through_their_stored_form():
    reading = _read((200, IN_FAILURE, 0), (200, [MAINTENANCE], 0))
    assert [latarnia.Message.from_json(m.to_json()) for m in reading.messages] == list(
        reading.messages
    )


@pytest.mark.parametrize(
    ("status", "messages", "problem"),
    [
        ((200, {"status": "PARTIAL"}, 0), (200, [], 0), "unknown status 'PARTIAL'"),
        ((200, {}, 0), (200, [], 0), "unknown status None"),
        ((200, ["AVAILABLE"], 0), (200, [], 0), "not an object"),
        ((200, "<html>Brama</html>", 0), (200, [], 0), "not JSON"),
        ((200, AVAILABLE, 0), (200, {"messages": []}, 0), "not a list"),
        ((200, AVAILABLE, 0), (200, [{**MAINTENANCE, "start": "jutro"}], 0), "bad value"),
        ((200, AVAILABLE, 0), (200, [{**MAINTENANCE, "eventId": "42"}], 0), "bad value"),
        ((200, AVAILABLE, 0), (200, [{"id": "x"}], 0), "has no 'eventId'"),
        ((503, {"title": "Service Unavailable"}, 0), (200, [], 0), "HTTP 503"),
        ((200, AVAILABLE, 0), (500, {}, 0), "GET /messages: HTTP 500"),
    ],
)
def test_malformed_or_failing_answers_are_unknown(status, messages, problem):  # type: ignore[no-untyped-def]
    reading = _read(status, messages)
    assert reading.status == Status.UNKNOWN
    assert problem in reading.problem
    assert reading.messages == ()


def test_a_slow_answer_is_unknown_after_the_timeout():
    reading = _read((200, AVAILABLE, 1.0), (200, [], 0), timeout=0.2)
    assert (reading.status, reading.problem) == (
        Status.UNKNOWN,
        "GET /status: no answer within 0.2 s",
    )


def test_no_server_at_all_is_unknown():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reading = latarnia.read(f"http://127.0.0.1:{port}", timeout=1)
    assert (reading.status, reading.problem) == (Status.UNKNOWN, "GET /status: ConnectionError")
