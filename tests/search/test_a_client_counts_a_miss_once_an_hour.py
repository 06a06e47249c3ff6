"""A reader (or a script) repeating a search that finds nothing counts it once an hour, so no
one can lift a query of their making to the top of the writers' list."""

from __future__ import annotations

from datetime import timedelta

from kb.search.misses import record_miss
from kb.search.models import SearchMiss
from tests.factories import T0


def test_a_client_counts_a_miss_once_an_hour(db):
    for _ in range(5):
        record_miss("darmowy token ksef", now=T0, client_key="klient-a")
    record_miss("darmowy token ksef", now=T0 + timedelta(minutes=5), client_key="klient-b")
    record_miss("darmowy token ksef", now=T0 + timedelta(hours=1), client_key="klient-a")

    miss = SearchMiss.objects.get()
    assert (miss.count, miss.first_seen, miss.last_seen) == (3, T0, T0 + timedelta(hours=1))
