"""Anyone can open a help link with a made-up error: one client must neither fill the table of
errors no rule answered (after which real new errors would not be recorded) nor lift its own
made-up path to the top of the writers' list by repeating it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kb.errorlinks.lookup import record_miss
from kb.errorlinks.models import ErrorLinkMiss
from kb.errorlinks.params import parse_query

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_one_client_adds_no_more_new_errors_an_hour_than_its_limit(client, settings, monkeypatch):
    settings.ERRORLINKS_NEW_MISSES_PER_CLIENT_PER_HOUR = 3
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    for code in range(21901, 21907):
        client.get("/pomoc/blad/", {"code": str(code)}, REMOTE_ADDR="198.51.100.3")
    assert ErrorLinkMiss.objects.count() == 3

    # Another reader still adds the error they met, through the page or the API.
    client.get("/api/v1/help/", {"code": "21950"}, REMOTE_ADDR="203.0.113.8")
    assert ErrorLinkMiss.objects.filter(code="21950").exists()

    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(hours=1))
    client.get("/pomoc/blad/", {"code": "21906"}, REMOTE_ADDR="198.51.100.3")
    assert ErrorLinkMiss.objects.count() == 5


def test_a_client_counts_an_error_once_an_hour():
    query = parse_query({"status": "404", "endpoint": "/zaloguj-sie-tutaj"})
    for _ in range(5):
        record_miss(query, NOW, client_key="klient-a")
    record_miss(query, NOW + timedelta(minutes=5), client_key="klient-b")
    record_miss(query, NOW + timedelta(hours=1), client_key="klient-a")

    miss = ErrorLinkMiss.objects.get()
    assert (miss.count, miss.first_seen, miss.last_seen) == (3, NOW, NOW + timedelta(hours=1))
