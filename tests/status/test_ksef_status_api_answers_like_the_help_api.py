"""/api/v1/ksef-status/: the same data as /stan-ksef/, for invoicing applications' error dialogs,
readable from any origin and cacheable like the help API."""

from __future__ import annotations

import pytest

from portal.ksef.latarnia import Reading, Status
from portal.latarnia.polling import poll_latarnia
from tests.ksef.latarnia_answers import IN_FAILURE, MAINTENANCE, serving
from tests.status.conftest import START


def test_latarnias_answer_reaches_the_json_with_its_messages(client, db, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "prod"]
    with serving({"/status": (200, IN_FAILURE, 0), "/messages": (200, [MAINTENANCE], 0)}) as url:
        settings.KSEF_LATARNIA_URLS = {"test": url, "prod": url + "/nothing-here"}
        poll_latarnia()

    response = client.get("/api/v1/ksef-status/")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
    test, prod = response.json()["environments"]
    assert (test["environment"], test["status"], test["since"]) == (
        "test",
        "FAILURE",
        START.isoformat(),
    )
    assert [m["type"] for m in test["messages"]] == ["FAILURE_START", "MAINTENANCE_ANNOUNCEMENT"]
    assert test["messages"][0]["text"].startswith("Wystąpiła awaria systemu KSeF")
    assert (prod["status"], prod["messages"]) == ("UNKNOWN", [])


@pytest.mark.django_db
def test_an_unchanged_answer_is_a_304_and_preflight_is_allowed(client, settings):
    settings.KSEF_ENVIRONMENTS = ["prod"]
    poll_latarnia(read=lambda url: Reading(Status.AVAILABLE))
    etag = client.get("/api/v1/ksef-status/")["ETag"]

    assert client.get("/api/v1/ksef-status/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    preflight = client.options("/api/v1/ksef-status/")
    assert (preflight.status_code, preflight["Access-Control-Allow-Methods"]) == (
        204,
        "GET, OPTIONS",
    )
