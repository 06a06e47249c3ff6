"""Which articles are due for a subject-matter review: one rule for the admin's list filter and
the insights page."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from kb.models import Article
from portal.lib import clock


def review_cutoff(today: date | None = None) -> date:
    """Articles last reviewed before this date (or never) are due for review."""
    # By default today on the clock the insights page reads, so the admin's filter agrees with it.
    today = today or timezone.localdate(clock.current().now())
    return today - timedelta(days=settings.KB_REVIEW_AFTER_DAYS)


def stale(today: date | None = None) -> Q:
    """Reviewed before the cutoff or never, published or not."""
    return Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=review_cutoff(today))


def is_stale(article: Article, today: date | None = None) -> bool:
    return article.reviewed_on is None or article.reviewed_on < review_cutoff(today)


def due_for_review(articles: QuerySet[Article], today: date | None = None) -> QuerySet[Article]:
    """The stale ones readers can see: a draft has nothing to review yet."""
    return articles.filter(stale(today), published_revision__isnull=False)
