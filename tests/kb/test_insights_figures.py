"""The insights page's numbers, from data laid out week by week around a fixed moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from kb import readership
from kb.errorlinks.models import ErrorLinkMiss
from kb.models import Article
from kb.search import misses
from portal import insights
from portal.checks.causes import Cause
from portal.checks.models import Status
from tests.checks.factories import make_check
from tests.factories import make_feedback

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # a Wednesday, 09:00 in Warsaw
WEEKS = [date(2026, 10, 5) + timedelta(weeks=n) for n in range(8)]  # ... to Monday 23 November


def _weeks_ago(n: int) -> datetime:
    return NOW - timedelta(weeks=n)


def test_views_and_opinions_fall_into_their_weeks(db, make_article):
    popular = make_article("popularny", title="Popularny")
    quiet = make_article("cichy", title="Cichy")
    for _ in range(3):
        readership.count_view(popular, NOW)
    readership.count_view(popular, _weeks_ago(2))
    readership.count_view(popular, _weeks_ago(9))  # before the window
    readership.count_view(quiet, _weeks_ago(1))
    make_feedback(popular, True, NOW)
    make_feedback(popular, True, NOW)
    make_feedback(popular, False, NOW)
    make_feedback(popular, False, _weeks_ago(3))
    make_feedback(quiet, True, _weeks_ago(1))

    data = insights.figures(NOW)

    assert data.weeks == WEEKS
    assert data.views == [0, 0, 0, 0, 0, 1, 1, 3]
    assert data.yes == [0, 0, 0, 0, 0, 0, 1, 2]
    assert data.no == [0, 0, 0, 0, 1, 0, 0, 1]
    first, second = data.articles
    assert (first.slug, first.views, first.yes, first.no) == (
        "popularny",
        [0, 0, 0, 0, 0, 1, 0, 3],
        [0] * 7 + [2],
        [0, 0, 0, 0, 1, 0, 0, 1],
    )
    assert first.title == "Popularny"
    assert first.share == 50.0
    assert (second.slug, second.total_views, second.share) == ("cichy", 1, 100.0)
    assert insights.helpful_share(0, 0) is None


def _finished(cause: str, at: datetime, status: str = Status.DONE) -> None:
    make_check(at - timedelta(minutes=5), status=status, cause=cause, finished_at=at)


def test_verdicts_are_counted_per_cause_and_week(db):
    _finished(Cause.PROPAGATION, NOW)
    _finished(Cause.PROPAGATION, NOW - timedelta(days=1))  # Tuesday: the same week
    _finished(Cause.PROPAGATION, _weeks_ago(3))  # Wednesday 4 November: within 30 days
    _finished(Cause.SESSION_OK, _weeks_ago(1))
    make_check(NOW, status=Status.RUNNING)  # no verdict yet

    verdicts = insights.figures(NOW).verdicts

    # Checks are kept 30 days: the weeks from 26 October back start before that.
    assert verdicts == {
        Cause.PROPAGATION: [None, None, None, None, 1, 0, 0, 2],
        Cause.SESSION_OK: [None, None, None, None, 0, 0, 1, 0],
    }


def test_weeks_older_than_check_retention_have_no_data(db, settings):
    # Not yet purged (the purge runs with the check worker), but counting it would show a week
    # the purge has already half emptied.
    _finished(Cause.SESSION_OK, _weeks_ago(7))  # the first week of the window
    _finished(Cause.SESSION_OK, _weeks_ago(4) + timedelta(days=1))  # 29 days ago, week of 26 Oct
    _finished(Cause.SESSION_OK, NOW)

    assert insights.figures(NOW).verdicts == {Cause.SESSION_OK: [None] * 4 + [0, 0, 0, 1]}
    chart = insights.page(insights.figures(NOW))["verdicts_chart"]
    assert "Sprawdzenia są przechowywane 30 dni" in chart.description  # type: ignore[attr-defined]

    settings.CHECK_RETENTION_DAYS = 60
    assert insights.figures(NOW).verdicts == {Cause.SESSION_OK: [1, 0, 0, 1, 0, 0, 0, 1]}


def test_top_misses_are_the_most_frequent_seen_in_the_window(db):
    for _ in range(3):
        misses.record_miss("faktura korygująca", NOW)
    misses.record_miss("limit sesji", NOW)
    for _ in range(5):
        misses.record_miss("stary problem", _weeks_ago(9))
    for code, count, seen in (("21405", 4, NOW), ("21170", 9, NOW), ("9105", 50, _weeks_ago(9))):
        ErrorLinkMiss.objects.create(
            status="400", code=code, count=count, first_seen=seen, last_seen=seen
        )

    data = insights.figures(NOW)

    assert [(m.query, m.count) for m in data.search_misses] == [
        ("faktura korygująca", 3),
        ("limit sesji", 1),
    ]
    assert [(m.code, m.count) for m in data.error_misses] == [("21170", 9), ("21405", 4)]


def test_articles_due_for_review_are_the_admin_filters_own(db, make_article, settings):
    today = timezone.localdate(NOW)  # the page's clock, not the wall clock
    cutoff = today - timedelta(days=settings.KB_REVIEW_AFTER_DAYS)
    make_article("swiezy")
    make_article("na-granicy")
    make_article("stary", title="Stary")
    make_article("nigdy", title="Nigdy")
    make_article("szkic", publish=False)
    Article.objects.filter(slug="swiezy").update(reviewed_on=today - timedelta(days=10))
    Article.objects.filter(slug="na-granicy").update(reviewed_on=cutoff)
    Article.objects.filter(slug="stary").update(reviewed_on=cutoff - timedelta(days=1))

    data = insights.figures(NOW)

    due = [(a.slug, a.published_revision.title) for a in data.due]
    assert due == [("nigdy", "Nigdy"), ("stary", "Stary")]
    assert data.due_total == 2
