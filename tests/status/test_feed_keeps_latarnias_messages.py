"""The Atom feed of Latarnia's failures and maintenance: every message the poll saw, kept after
Latarnia stops listing it, one entry per message that a new version updates, escaped."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from portal.ksef.latarnia import Message, Reading, Status
from portal.latarnia.models import LatarniaMessage
from portal.latarnia.polling import poll_latarnia
from tests.ksef.latarnia_answers import FAILURE_END, FAILURE_START, MAINTENANCE
from tests.status.conftest import START

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/stan-ksef/komunikaty.atom"


def _entries(client, url: str = FEED) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return [
        {
            "id": entry.findtext(f"{ATOM}id") or "",
            "title": entry.findtext(f"{ATOM}title") or "",
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "updated": entry.findtext(f"{ATOM}updated") or "",
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def _answer(*messages: dict, status: Status = Status.FAILURE) -> Reading:
    return Reading(status, tuple(Message.from_json(m) for m in messages))


def test_a_failure_started_in_the_simulator_becomes_an_entry(client, simulated_latarnia, settings):
    settings.KSEF_ENVIRONMENTS = ["demo", "prod"]
    client.post(
        "/ksef-sim/latarnia/",
        {"environment": "demo", "action": "start-failure", "text": "Awaria bramy"},
    )

    poll_latarnia(now=START)

    entries = _entries(client)
    assert [e["title"] for e in entries] == ["[Przedprodukcyjne (demo) — symulator] Awaria KSeF"]
    assert "Awaria bramy" in entries[0]["summary"]
    assert entries[0]["id"].startswith("urn:ksef-latarnia:demo:sim-demo-")


@pytest.mark.django_db
def test_an_entry_stays_after_latarnia_stops_listing_it(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    poll_latarnia(now=START, read=lambda url: _answer(FAILURE_START, MAINTENANCE))
    poll_latarnia(now=START + timedelta(hours=1), read=lambda url: _answer(status=Status.AVAILABLE))

    titles = [e["title"] for e in _entries(client)]
    # Newest publication first: the failure (25.11) before the maintenance announced on 24.11.
    assert titles == [
        "[Testowe (api-test) — symulator] Awaria KSeF",
        "[Testowe (api-test) — symulator] Prace serwisowe",
    ]


@pytest.mark.django_db
def test_a_new_version_of_a_message_updates_its_entry(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    poll_latarnia(now=START, read=lambda url: _answer(MAINTENANCE))
    moved = {
        **MAINTENANCE,
        "text": "Prace przesunięto na 27.11.2026, 16:00-18:00.",
        "version": 2,
        "published": "2026-11-25T10:00:00+01:00",
    }
    poll_latarnia(now=START + timedelta(minutes=1), read=lambda url: _answer(moved))
    # An older version listed again later does not undo the new one.
    poll_latarnia(now=START + timedelta(minutes=2), read=lambda url: _answer(MAINTENANCE))

    (entry,) = _entries(client)
    assert "Prace przesunięto na 27.11.2026" in entry["summary"]
    assert entry["updated"] == "2026-11-25T09:00:00+00:00"  # 10:00 in Warsaw
    assert LatarniaMessage.objects.get().version == 2


@pytest.mark.django_db
def test_the_end_of_a_failure_is_an_entry_of_its_own(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    poll_latarnia(now=START, read=lambda url: _answer(FAILURE_START, FAILURE_END))

    assert [e["title"] for e in _entries(client)] == [
        "[Testowe (api-test) — symulator] Koniec awarii KSeF",
        "[Testowe (api-test) — symulator] Awaria KSeF",
    ]


@pytest.mark.django_db
def test_latarnias_markup_reaches_the_reader_as_text(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    hostile = {
        **FAILURE_START,
        "title": "Awaria <b>KSeF</b>",
        "text": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    }
    poll_latarnia(now=START, read=lambda url: _answer(hostile))

    (entry,) = _entries(client)
    assert (
        entry["title"] == "[Testowe (api-test) — symulator] Awaria <b>KSeF</b>"
    )  # Atom's title is plain text
    # The summary is type="html": once a reader decodes it, the tags are still only text.
    assert "<script>" not in entry["summary"] and "<img" not in entry["summary"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in entry["summary"]
    assert html.unescape(entry["summary"]).count("<script>") == 1  # as the text it was


@pytest.mark.django_db
def test_env_narrows_the_feed_and_an_unknown_one_is_404(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo"]
    poll_latarnia(now=START, read=lambda url: _answer(FAILURE_START))

    assert [e["title"] for e in _entries(client, f"{FEED}?env=demo")] == [
        "[Przedprodukcyjne (demo) — symulator] Awaria KSeF"
    ]
    assert len(_entries(client)) == 2
    assert client.get(f"{FEED}?env=nowhere").status_code == 404


@pytest.mark.django_db
def test_messages_go_after_the_retention_since_last_seen(settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    settings.KSEF_LATARNIA_MESSAGES_RETENTION_DAYS = 90
    poll_latarnia(now=START, read=lambda url: _answer(FAILURE_START))
    later = START + timedelta(days=90)
    poll_latarnia(now=later, read=lambda url: _answer(MAINTENANCE, status=Status.AVAILABLE))
    assert LatarniaMessage.objects.count() == 2  # exactly 90 days: still kept

    poll_latarnia(
        now=later + timedelta(minutes=1),
        read=lambda url: _answer(MAINTENANCE, status=Status.AVAILABLE),
    )
    assert list(LatarniaMessage.objects.values_list("title", flat=True)) == ["Prace serwisowe"]


@pytest.mark.django_db
def test_an_unreadable_latarnia_forgets_no_message(settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    poll_latarnia(now=START, read=lambda url: _answer(FAILURE_START))
    poll_latarnia(
        now=START + timedelta(minutes=1),
        read=lambda url: Reading(Status.UNKNOWN, problem="GET /messages: HTTP 502"),
    )
    assert LatarniaMessage.objects.get().last_seen == START


@pytest.mark.django_db
def test_every_page_announces_the_feed_and_the_status_page_links_it(client):
    link = f'<link rel="alternate" type="application/atom+xml" href="{FEED}"'
    assert link in client.get("/").content.decode()
    assert link in client.get("/sprawdz-sesje/").content.decode()
    status_page = client.get("/stan-ksef/").content.decode()
    assert f'<a href="{FEED}">' in status_page
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/en/stan-ksef/komunikaty.atom"'
        in (client.get("/en/stan-ksef/").content.decode())
    )


@pytest.mark.django_db
def test_the_english_feed_names_the_environment_in_english(client, settings):
    settings.KSEF_ENVIRONMENTS = ["prod"]
    poll_latarnia(now=START, read=lambda url: _answer(MAINTENANCE, status=Status.AVAILABLE))

    (entry,) = _entries(client, "/en/stan-ksef/komunikaty.atom")
    assert entry["title"] == "[Production — simulator] Prace serwisowe"
    assert "From 2026-11-26 16:00 to 2026-11-26 18:00." in entry["summary"]
