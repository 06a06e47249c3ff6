"""Latarnia's JSON may hold what XML or UTF-8 cannot carry. Control characters and U+FFFE, U+FFFF
are no characters in XML 1.0 (the Atom feed would be invalid, or answer 500 for everyone); NUL
and a lone surrogate (a "\\ud800" escape) are refused by PostgreSQL in text and jsonb (the
every-minute poll would fail), and a lone surrogate has no UTF-8 at all (a page quoting it would
answer 500). The client drops them where it reads a message; tab, newline and carriage return
stay."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from portal.ksef.latarnia import Message
from portal.latarnia.models import LatarniaMessage, LatarniaReading
from portal.latarnia.polling import poll_latarnia
from tests.ksef.latarnia_answers import FAILURE_START, serving
from tests.status.conftest import START

ATOM = "{http://www.w3.org/2005/Atom}"


def poll_answering(settings, message: dict) -> None:  # type: ignore[no-untyped-def]
    """One poll of a Latarnia that sends ``message`` as JSON (a lone surrogate as its escape)."""
    settings.KSEF_ENVIRONMENTS = ["test"]
    answer = {"status": "FAILURE", "messages": [message]}
    with serving({"/status": (200, answer, 0), "/messages": (200, [], 0)}) as url:
        settings.KSEF_LATARNIA_URLS = {"test": url}
        poll_latarnia(now=START)


def test_a_message_keeps_tab_and_newlines_and_loses_other_controls():
    message = Message.from_json(
        {**FAILURE_START, "title": "Awaria\x07 KSeF\x1b", "text": "a\tb\r\nc\x00d\x0be\x7f"}
    )

    assert message.title == "Awaria KSeF"
    assert message.text == "a\tb\r\ncde\x7f"


def test_a_message_loses_noncharacters_and_lone_surrogates_and_keeps_the_rest():
    message = Message.from_json(
        {
            **FAILURE_START,
            "title": "Awaria\ufffe KSeF\uffff",
            "text": "a\ud800b\udfffc \U0001f6a7 \ufffd \ufffdd",
        }
    )

    assert message.title == "Awaria KSeF"
    assert message.text == "abc \U0001f6a7 \ufffd \ufffdd"


@pytest.mark.django_db
@pytest.mark.parametrize(("in_title", "in_text"), [("\x0c", "\x1f"), ("\ufffe", "\uffff")])
def test_the_feed_stays_valid_xml(client, settings, in_title, in_text):
    message = {**FAILURE_START, "title": f"Awaria{in_title} KSeF", "text": f"Przerwa{in_text}."}
    poll_answering(settings, message)

    response = client.get("/stan-ksef/komunikaty.atom")

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    (entry,) = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "[Testowe (api-test) — symulator] Awaria KSeF"
    assert "Przerwa." in (entry.findtext(f"{ATOM}summary") or "")


@pytest.mark.django_db
def test_a_lone_surrogate_leaves_the_status_page_and_the_api_answering(client, settings):
    poll_answering(settings, {**FAILURE_START, "title": "Awaria\ud800 KSeF", "text": "Brama\udc00"})

    page = client.get("/stan-ksef/")
    api = client.get("/api/v1/ksef-status/")

    assert page.status_code == 200
    assert "Awaria KSeF" in page.content.decode()
    assert api.status_code == 200
    (test,) = api.json()["environments"]
    assert (test["status"], test["messages"][0]["text"]) == ("FAILURE", "Brama")


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["\x00", "\udfff"])
def test_a_nul_or_a_lone_surrogate_does_not_fail_the_poll(settings, bad):
    # Run with DATABASE_URL set to PostgreSQL to meet its refusal of both.
    message = {**FAILURE_START, "id": FAILURE_START["id"] + bad, "text": f"Awaria{bad} bramy"}

    poll_answering(settings, message)

    kept = LatarniaMessage.objects.get()
    assert (kept.message_id, kept.text) == (FAILURE_START["id"], "Awaria bramy")
    reading = LatarniaReading.objects.get()
    assert (reading.status, reading.messages[0]["text"]) == ("FAILURE", "Awaria bramy")
