"""The poll renews each environment's newest reading in place, but a failure or maintenance a
verdict may quote stays as Latarnia said it: a change of that answer is a reading of its own.
Readings Latarnia last gave longer than the retention ago are forgotten, and a check quoting one
keeps its verdict without the quote."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Status as CheckStatus
from portal.ksef.latarnia import Message, Reading, Status
from portal.latarnia import reports
from portal.latarnia.models import LatarniaReading
from portal.latarnia.polling import poll_latarnia
from tests.checks.factories import make_check
from tests.ksef.latarnia_answers import FAILURE_START
from tests.status.conftest import START

FAILURE = Reading(Status.FAILURE, (Message.from_json(FAILURE_START),))
UPDATED = Reading(
    Status.FAILURE,
    (Message.from_json({**FAILURE_START, "text": "Logowanie działa.", "version": 2}),),
)


def _poll(minute: int, answer: Reading) -> None:
    poll_latarnia(now=START + timedelta(minutes=minute), read=lambda url: answer)


def _texts(reading: LatarniaReading) -> list[str]:
    return [m["text"] for m in reading.messages]


@pytest.mark.django_db
def test_a_changed_failure_is_a_new_reading_and_any_other_answer_renews_the_newest(settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    _poll(0, FAILURE)
    first = reports.newest("test")["test"]
    _poll(1, FAILURE)  # the same answer: renewed
    _poll(2, UPDATED)
    _poll(3, UPDATED)
    _poll(4, Reading(Status.AVAILABLE))
    _poll(5, Reading(Status.UNKNOWN, problem="GET /status: HTTP 502"))
    _poll(6, Reading(Status.AVAILABLE))

    rows = list(LatarniaReading.objects.order_by("pk"))
    assert [(r.status, r.read_at.minute - START.minute) for r in rows] == [
        ("FAILURE", 1),
        ("FAILURE", 3),
        ("AVAILABLE", 6),
    ]
    assert rows[0].pk == first.pk and _texts(rows[0]) == [FAILURE_START["text"]]
    assert _texts(rows[1]) == ["Logowanie działa."]
    assert (rows[1].since, rows[2].since) == (START, START + timedelta(minutes=6))
    assert reports.newest("test")["test"].pk == rows[2].pk


@pytest.mark.django_db
def test_readings_past_the_retention_are_forgotten_and_their_quotes_with_them(settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    settings.KSEF_LATARNIA_MESSAGES_RETENTION_DAYS = 1
    _poll(0, FAILURE)
    check = make_check(
        START,
        status=CheckStatus.DONE,
        cause=Cause.KSEF_UNAVAILABLE,
        finished_at=START,
        latarnia_reading=reports.newest("test")["test"],
    )
    _poll(1, Reading(Status.AVAILABLE))
    _poll(24 * 60, Reading(Status.AVAILABLE))  # exactly a day after the failure was last read
    assert LatarniaReading.objects.count() == 2

    _poll(24 * 60 + 1, Reading(Status.AVAILABLE))

    assert list(LatarniaReading.objects.values_list("status", flat=True)) == ["AVAILABLE"]
    check.refresh_from_db()
    assert (check.cause, check.latarnia_reading) == (Cause.KSEF_UNAVAILABLE, None)
