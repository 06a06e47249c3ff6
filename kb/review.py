"""Which articles are due for a subject-matter review: one rule for the admin's list filter and
the insights page."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from kb.models import Article


def review_cutoff() -> date:
    """Articles last reviewed before this date (or never) are due for review."""
    return timezone.localdate() - timedelta(days=settings.KB_REVIEW_AFTER_DAYS)


def stale() -> Q:
    """Reviewed before the cutoff or never, published or not."""
    return Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=review_cutoff())


def is_stale(article: Article) -> bool:
    return article.reviewed_on is None or article.reviewed_on < review_cutoff()


def due_for_review(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The stale ones readers can see: a draft has nothing to review yet."""
    return articles.filter(stale(), published_revision__isnull=False)
