"""Counting an article's views: the running total the home page ranks by, and views per week
for the insights page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kb.models import Article, WeeklyViews

# A year of weekly rows: a season can be compared with the last, at ~53 small rows an article.
RETENTION = timedelta(weeks=53)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def count_view(article: Article, now: datetime) -> None:
    """One view of ``article`` at ``now``: plain UPDATEs, so concurrent readers never lose each
    other's views, in one transaction, so the total and the week count it together."""
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
        week = week_start(timezone.localdate(now))
        this_week = WeeklyViews.objects.filter(article=article, week=week)
        if this_week.update(views=F("views") + 1):
            return
        try:
            # Of two first views of the week, the unique constraint lets one INSERT through; the
            # savepoint keeps the transaction usable for the other's UPDATE.
            with transaction.atomic():
                WeeklyViews.objects.create(article=article, week=week, views=1)
        except IntegrityError:
            this_week.update(views=F("views") + 1)
            return
        WeeklyViews.objects.filter(article=article, week__lt=week - RETENTION).delete()
