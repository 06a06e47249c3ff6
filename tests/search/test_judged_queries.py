"""Readers' queries find the article that answers them, on whichever database the suite runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from kb.errorlinks.starter import load_starter_rules
from kb.search.query import search_articles
from kb.starter_content import load
from tests.search.judged_queries import JUDGED, rate

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def starter_articles(db: None, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    # Publishing indexes an article once its transaction commits, which a test never does.
    with django_capture_on_commit_callbacks(execute=True):
        report = load(Path(settings.BASE_DIR) / "kb" / "starter", now=NOW)
    assert not report.errors
    # The site's rules: search asks them which section answers an error in a query.
    load_starter_rules(NOW)


def _slugs(query: str, language: str) -> list[str]:
    return [hit.slug for hit in search_articles(query, language, limit=10)]


def test_the_judged_set_is_large_enough_to_mean_something():
    assert len(JUDGED) >= 60


def test_nine_readers_in_ten_get_the_right_article_first_and_all_in_the_top_three(
    starter_articles,
):
    rating = rate(JUDGED, _slugs)
    misses = "\n".join(f"{q!r}: expected {e}, got {got}" for q, e, got in rating.misses)
    assert rating.hit_at_1 >= 0.9, misses
    assert rating.hit_at_3 == 1.0, misses
