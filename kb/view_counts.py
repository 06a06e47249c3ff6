"""Counting article views without a database write (or a cache round trip) per read.

The view count orders the home page's "most viewed" list; it needs to be right in bulk, not to
the last read. Each web process counts views in memory and adds what waits to the database at
most once per KB_VIEW_COUNT_INTERVAL_SECONDS (in the read that finds the interval over), and once
more when the process exits. A busy process thus writes one UPDATE per article every few
seconds however many readers it serves, and a process that is killed loses at most that
interval's views: harmless for an ordering.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F

from kb.models import Article

logger = logging.getLogger(__name__)

# Replaced by tests to move time on.
clock = time.monotonic

_pending: Counter[int] = Counter()
_lock = threading.Lock()
_last_write = clock()


def _add(article_id: int, views: int) -> None:
    # One UPDATE, no read-modify-write: processes never lose each other's counts.
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + views)


def record_view(article_id: int) -> None:
    global _last_write
    now = clock()
    with _lock:
        _pending[article_id] += 1
        if now - _last_write < settings.KB_VIEW_COUNT_INTERVAL_SECONDS:
            return
        _last_write = now
        waiting = list(_pending.items())
        _pending.clear()
    for done, (pending_id, views) in enumerate(waiting):
        try:
            _add(pending_id, views)
        except DatabaseError:
            # The reader still gets the page; what is not written waits for the next write.
            logger.warning("article views not written yet", exc_info=True)
            with _lock:
                _pending.update(dict(waiting[done:]))
            return


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
