"""The check's page says at its top when Latarnia reports a failure or maintenance for the
check's environment, quoting the announcement; otherwise it says nothing about Latarnia."""

from __future__ import annotations

import pytest

from portal.checks.models import Status as CheckStatus
from portal.ksef.latarnia import Message, Reading, Status
from portal.status.polling import poll_latarnia
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
