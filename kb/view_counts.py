"""Counting article views without a database write per read.

The view count orders the home page's "most viewed" list; it needs to be right in bulk, not to
the last read. With a shared cache (Redis) views are counted there and written to the database
in batches of KB_VIEW_COUNT_BATCH, so a cached article page costs no database round trip at all;
at most a batch minus one views per article wait in the cache (and are lost if Redis restarts).
Without a shared cache each view is one UPDATE.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from kb.models import Article


def _add(article_id: int, views: int) -> None:
    # One UPDATE, no read-modify-write: concurrent readers never lose each other's count.
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + views)


def record_view(article_id: int) -> None:
    batch = settings.KB_VIEW_COUNT_BATCH
    if batch <= 1:
        _add(article_id, 1)
        return
    key = f"kb:views:{article_id}"
    try:
        seen = cache.incr(key)
    except ValueError:
        seen = 1 if cache.add(key, 1, timeout=None) else cache.incr(key)
    # incr is atomic: exactly one reader sees each multiple of the batch and writes it.
    if seen % batch == 0:
        _add(article_id, batch)
