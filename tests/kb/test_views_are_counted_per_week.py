"""Each view of an article counts in its total and in its week (Monday to Sunday, Polish
time), for the insights page; weekly rows older than a year go."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import OperationalError, connection, connections
from django.db.models import QuerySet

from kb import readership
from kb.models import Article, WeeklyViews

WEDNESDAY = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 in Warsaw
THIS_WEEK = date(2026, 11, 23)


def _weeks(article: Article) -> dict[date, int]:
    return dict(WeeklyViews.objects.filter(article=article).values_list("week", "views"))


def test_a_view_counts_in_the_total_and_in_its_polish_week(make_article):
    article = make_article()

    readership.count_view(article, WEDNESDAY)
    readership.count_view(article, WEDNESDAY)
    readership.count_view(article, datetime(2026, 11, 22, 22, 30, tzinfo=UTC))  # Sun 23:30 PL
    readership.count_view(article, datetime(2026, 11, 22, 23, 30, tzinfo=UTC))  # Mon 00:30 PL

    assert _weeks(article) == {THIS_WEEK - timedelta(weeks=1): 1, THIS_WEEK: 3}
    assert Article.objects.get().view_count == 4


def test_the_feedback_fragment_counts_the_view_of_this_week(client, make_article):
    article = make_article()

    client.get(f"/artykul/{article.slug}/opinia/", headers={"HX-Request": "true"})

    [(week, views)] = _weeks(article).items()
    assert views == 1
    assert week.weekday() == 0
    assert Article.objects.get().view_count == 1


def test_a_reader_who_loses_the_race_to_start_the_week_still_counts(make_article, monkeypatch):
    article = make_article()
    # Another reader started the week between this one's UPDATE (which found no row) and its
    # INSERT: the INSERT hits the unique constraint and the view is counted by an UPDATE.
    WeeklyViews.objects.create(article=article, week=THIS_WEEK, views=1)
    update = QuerySet.update
    missed: list[bool] = []

    def first_update_finds_no_row(self, **values):  # type: ignore[no-untyped-def]
        if self.model is WeeklyViews and not missed:
            missed.append(True)
            return 0
        return update(self, **values)

    monkeypatch.setattr(QuerySet, "update", first_update_finds_no_row)

    readership.count_view(article, WEDNESDAY)

    assert missed == [True]
    assert _weeks(article) == {THIS_WEEK: 2}


def test_a_view_whose_week_cannot_be_written_leaves_the_total_as_it_was(make_article, monkeypatch):
    article = make_article()
    update = QuerySet.update

    def weekly_update_fails(self, **values):  # type: ignore[no-untyped-def]
        if self.model is WeeklyViews:
            raise OperationalError("database is locked")
        return update(self, **values)

    monkeypatch.setattr(QuerySet, "update", weekly_update_fails)

    with pytest.raises(OperationalError):
        readership.count_view(article, WEDNESDAY)

    assert Article.objects.get().view_count == 0  # the total and the weeks never drift apart


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readers_starting_the_week_together_are_all_counted(make_article):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers exist on PostgreSQL; SQLite serialises every writer")
    article = make_article()
    readers = 8
    together = threading.Barrier(readers)
    failures: list[BaseException] = []

    def reader() -> None:
        try:
            together.wait(10)
            readership.count_view(article, WEDNESDAY)
        except BaseException as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert failures == []
    assert _weeks(article) == {THIS_WEEK: readers}
    assert Article.objects.get().view_count == readers


def test_weeks_older_than_a_year_go_when_a_new_week_begins(make_article):
    article = make_article()
    other = make_article("inny")
    old_week = THIS_WEEK - timedelta(weeks=54)
    kept_week = THIS_WEEK - timedelta(weeks=52)
    for one in (article, other):
        WeeklyViews.objects.create(article=one, week=old_week, views=7)
        WeeklyViews.objects.create(article=one, week=kept_week, views=3)

    readership.count_view(article, WEDNESDAY)

    assert _weeks(article) == {kept_week: 3, THIS_WEEK: 1}
    assert _weeks(other) == {old_week: 7, kept_week: 3}  # pruned at its own next week
