"""Counting an article's views: the running total the home page ranks by, and views per week
for the insights page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kb.models import Article, WeeklyViews

# Weekly rows older than this go when an article's new week begins (see WeeklyViews). Nothing
# reads past the insights page's 8 weeks yet: the year is kept so that a longer view, if one is
# wanted, starts with history; at one small row per article and week it costs little.
RETENTION = timedelta(weeks=53)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def count_view(article: Article, now: datetime) -> None:
    """One view of ``article`` at ``now``. Plain UPDATEs, no read-modify-write, so concurrent
    readers never lose each other's views. One transaction: the running total and the week
    count the view together or not at all (and SQLite commits once, not twice)."""
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
        week = week_start(timezone.localdate(now))
        this_week = WeeklyViews.objects.filter(article=article, week=week)
        if this_week.update(views=F("views") + 1):
            return
        try:
            # The week's first view. Two readers may both get here: the unique constraint lets
            # one INSERT through, and the other counts its view with the UPDATE below. The
            # savepoint keeps the outer transaction usable after that IntegrityError.
            with transaction.atomic():
                WeeklyViews.objects.create(article=article, week=week, views=1)
        except IntegrityError:
            this_week.update(views=F("views") + 1)
            return
        WeeklyViews.objects.filter(article=article, week__lt=week - RETENTION).delete()
