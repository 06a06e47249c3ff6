"""The check's page says at its top when Latarnia reports a failure or maintenance for the
check's environment, quoting the announcement; otherwise it says nothing about Latarnia."""

from __future__ import annotations

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Status as CheckStatus
from portal.ksef.latarnia import Message, Reading, Status
from portal.latarnia import reports
from portal.latarnia.polling import poll_latarnia
from tests.checks.factories import make_check
from tests.ksef.latarnia_answers import FAILURE_START
from tests.status.conftest import START

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_a_failure_in_the_checks_environment_is_quoted_at_the_top(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo"]
    settings.KSEF_LATARNIA_URLS = {"test": "https://latarnia-test", "demo": "https://latarnia-demo"}
    failure = Reading(Status.FAILURE, (Message.from_json(FAILURE_START),))
    poll_latarnia(read=lambda url: failure if url.endswith("test") else Reading(Status.AVAILABLE))

    in_test = make_check(START, environment="test", status=CheckStatus.RUNNING, attempts=1)
    body = client.get(f"/sprawdz-sesje/{in_test.public_id}/").content.decode()
    assert body.index('id="check-latarnia"') < body.index('id="check-progress"')
    assert "Latarnia Ministerstwa Finansów zgłasza: Awaria" in body
    assert "<strong>Awaria KSeF</strong>: Wystąpiła awaria systemu KSeF." in body
    poll = client.get(f"/sprawdz-sesje/{in_test.public_id}/?seen=0", **HTMX).content.decode()
    assert "check-latarnia" not in poll  # the poll's fragment stays as it was

    in_demo = make_check(START, environment="demo", status=CheckStatus.RUNNING, attempts=1)
    assert (
        "check-latarnia" not in client.get(f"/sprawdz-sesje/{in_demo.public_id}/").content.decode()
    )


@pytest.mark.django_db
def test_an_unknown_latarnia_is_not_announced_as_trouble(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    poll_latarnia(read=lambda url: Reading(Status.UNKNOWN, problem="GET /status: HTTP 502"))
    check = make_check(START, environment="test", status=CheckStatus.RUNNING, attempts=1)
    assert "check-latarnia" not in client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()


def _finished_during_the_failure() -> str:
    """A check whose "KSeF unavailable" verdict fell during the failure kept now."""
    check = make_check(
        START,
        status=CheckStatus.DONE,
        cause=Cause.KSEF_UNAVAILABLE,
        tone="bad",
        finished_at=START,
        attempts=3,
        latarnia_reading=reports.newest("test")["test"],
    )
    return check.public_id


@pytest.mark.django_db
def test_a_verdict_quoting_the_ongoing_announcement_is_not_repeated_at_the_top(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    failure = Reading(Status.FAILURE, (Message.from_json(FAILURE_START),))
    poll_latarnia(now=START, read=lambda url: failure)

    body = client.get(f"/sprawdz-sesje/{_finished_during_the_failure()}/").content.decode()

    assert 'id="verdict-latarnia"' in body
    assert 'id="check-latarnia"' not in body
    assert body.count("<strong>Awaria KSeF</strong>: Wystąpiła awaria systemu KSeF.") == 1


@pytest.mark.django_db
def test_a_newer_announcement_than_the_quoted_one_is_shown_at_the_top(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    failure = Reading(Status.FAILURE, (Message.from_json(FAILURE_START),))
    poll_latarnia(now=START, read=lambda url: failure)
    public_id = _finished_during_the_failure()
    update = {**FAILURE_START, "text": "Przywrócono logowanie.", "version": 2}
    poll_latarnia(now=START, read=lambda url: Reading(Status.FAILURE, (Message.from_json(update),)))

    body = client.get(f"/sprawdz-sesje/{public_id}/").content.decode()

    assert body.index('id="check-latarnia"') < body.index('id="verdict-latarnia"')
    assert "Przywrócono logowanie." in body[: body.index('id="verdict-latarnia"')]
