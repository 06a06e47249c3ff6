"""Verdicts that kept a copy of Latarnia's announcement in their facts refer to a reading made
from it instead, one per environment and announcement, and still show it; running the migration
again changes nothing."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from portal.checks.causes import Cause
from portal.checks.models import Status
from portal.latarnia.models import LatarniaReading
from tests.checks.conftest import START
from tests.checks.factories import make_check
from tests.ksef.latarnia_answers import FAILURE_START

MIGRATION = import_module("portal.checks.migrations.0005_verdicts_refer_to_latarnias_reading")
QUOTE = {"status": "FAILURE", "messages": [FAILURE_START, {"title": "an older shape"}]}


def _quoting(quote: object, environment: str = "test"):  # type: ignore[no-untyped-def]
    return make_check(
        START,
        environment=environment,
        status=Status.DONE,
        cause=Cause.KSEF_UNAVAILABLE,
        tone="bad",
        finished_at=START,
        facts={"failure": "HTTP 503", "latarnia": quote},
    )


@pytest.mark.django_db
def test_each_quote_becomes_a_reading_the_page_shows(client):
    one, same, demo, broken = _quoting(QUOTE), _quoting(QUOTE), _quoting(QUOTE, "demo"), _quoting(7)

    MIGRATION.readings_from_quotes(apps, None)
    MIGRATION.readings_from_quotes(apps, None)

    for check in (one, same, demo, broken):
        check.refresh_from_db()
        assert check.facts == {"failure": "HTTP 503"}
    assert one.latarnia_reading_id == same.latarnia_reading_id
    assert broken.latarnia_reading_id is None
    assert LatarniaReading.objects.count() == 2
    reading = demo.latarnia_reading
    assert (reading.environment, reading.status, reading.read_at) == ("demo", "FAILURE", START)
    assert reading.messages == [FAILURE_START]
    body = client.get(f"/sprawdz-sesje/{one.public_id}/").content.decode()
    quote = body[body.index('id="verdict-latarnia"') :]
    assert "zgłaszała w chwili tego wyniku: Awaria." in quote
    assert "<strong>Awaria KSeF</strong>: Wystąpiła awaria systemu KSeF." in quote
