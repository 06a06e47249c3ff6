"""Counting article views without a database write (or a cache round trip) per read.

The view count orders the home page's "most viewed" list; it needs to be right in bulk, not to
the last read. Each web process counts views in memory and adds them to the database once an
article has KB_VIEW_COUNT_BATCH of them waiting, and once more when the process exits. A process
that is killed loses at most a batch minus one views per article: harmless for an ordering, and
it keeps a cached article page free of any round trip besides the page itself.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections import Counter

from django.conf import settings
from django.db.models import F

from kb.models import Article

_pending: Counter[int] = Counter()
_lock = threading.Lock()


def _add(article_id: int, views: int) -> None:
    # One UPDATE, no read-modify-write: processes never lose each other's counts.
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + views)


def record_view(article_id: int) -> None:
    batch = settings.KB_VIEW_COUNT_BATCH
    with _lock:
        _pending[article_id] += 1
        due = _pending[article_id] >= batch
        if due:
            views = _pending.pop(article_id)
    if due:
        _add(article_id, views)


@atexit.register
def flush() -> None:
    """Write every waiting view (at process exit, and for tests)."""
    with _lock:
        waiting = dict(_pending)
        _pending.clear()
    for article_id, views in waiting.items():
        # At exit the database may already be gone; these views are then the accepted loss.
        with contextlib.suppress(Exception):
            _add(article_id, views)
