"""The insights page asks the database the same number of questions for a small and a ten times
larger knowledge base and check history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb import readership
from kb.errorlinks.models import ErrorLinkMiss
from kb.models import Article
from kb.search import misses
from portal.checks.causes import Cause
from portal.checks.models import Status
from portal.lib import clock
from tests.checks.factories import FixedClock, make_check
from tests.factories import make_article, make_feedback

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
URL = "/admin/insights/"
CAUSES = list(Cause)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    clock.use(FixedClock(NOW))
    yield
    clock.use(clock.SystemClock())


def _grow(articles: int, checks: int) -> None:
    """Add articles read and rated over the weeks, misses and finished checks of every cause."""
    start = Article.objects.count()
    for n in range(start, start + articles):
        article = make_article(f"artykul-{n}", title=f"Artykuł {n}")
        at = NOW - timedelta(weeks=n % 8)
        readership.count_view(article, at)
        make_feedback(article, n % 3 != 0, at)
        misses.record_miss(f"zapytanie {n}", at)
        ErrorLinkMiss.objects.create(
            status="400", code=str(21000 + n), count=n + 1, first_seen=at, last_seen=at
        )
    for n in range(checks):
        at = NOW - timedelta(days=n % 56)
        make_check(at, status=Status.DONE, cause=CAUSES[n % len(CAUSES)], finished_at=at)


def _queries(client) -> int:  # type: ignore[no-untyped-def]
    client.get(URL)  # the session and the user, loaded once like on any admin page
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_and_30_articles_5_and_50_checks(client, editor):
    client.force_login(editor)
    _grow(articles=3, checks=5)
    small = _queries(client)
    _grow(articles=27, checks=45)
    large = _queries(client)

    assert Article.objects.count() == 30
    assert small == large
