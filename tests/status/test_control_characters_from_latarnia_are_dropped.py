"""Latarnia's words may hold control characters: XML cannot carry them (the Atom feed would
answer 500 for everyone) and PostgreSQL refuses NUL (the every-minute poll would fail). The
client drops them when it reads a message; tab, newline and carriage return stay."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from portal.ksef.latarnia import Message, Reading, Status
from portal.latarnia.models import LatarniaMessage, LatarniaReading
from portal.latarnia.polling import poll_latarnia
from tests.ksef.latarnia_answers import FAILURE_START
from tests.status.conftest import START

ATOM = "{http://www.w3.org/2005/Atom}"


def _answer(message: dict) -> Reading:
    return Reading(Status.FAILURE, (Message.from_json(message),))


def test_a_message_keeps_tab_and_newlines_and_loses_other_controls():
    message = Message.from_json(
        {**FAILURE_START, "title": "Awaria\x07 KSeF\x1b", "text": "a\tb\r\nc\x00d\x0be\x7f"}
    )

    assert message.title == "Awaria KSeF"
    assert message.text == "a\tb\r\ncde\x7f"


@pytest.mark.django_db
def test_the_feed_answers_when_latarnia_sends_a_control_character(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    message = {**FAILURE_START, "title": "Awaria\x0c KSeF", "text": "Przerwa\x1f w działaniu."}
    poll_latarnia(now=START, read=lambda url: _answer(message))

    response = client.get("/stan-ksef/komunikaty.atom")

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    (entry,) = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "[Testowe (api-test) — symulator] Awaria KSeF"
    assert "Przerwa w działaniu." in (entry.findtext(f"{ATOM}summary") or "")


@pytest.mark.django_db
def test_a_nul_byte_does_not_fail_the_poll(settings):
    # Run with DATABASE_URL set to PostgreSQL to meet the refusal this guards against.
    settings.KSEF_ENVIRONMENTS = ["test"]
    message = {**FAILURE_START, "id": FAILURE_START["id"] + "\x00", "text": "Awaria\x00 bramy"}

    poll_latarnia(now=START, read=lambda url: _answer(message))

    kept = LatarniaMessage.objects.get()
    assert (kept.message_id, kept.text) == (FAILURE_START["id"], "Awaria bramy")
    assert LatarniaReading.objects.get().messages[0]["text"] == "Awaria bramy"
