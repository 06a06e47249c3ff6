"""Queries that found nothing, counted so writers know which article to write next.

Only the query text is kept, and even that is redacted first (``kb.redaction``).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from kb import redaction
from kb.search.models import SearchMiss
from portal import ratelimit

_MAX_LENGTH = SearchMiss._meta.get_field("query").max_length or 200


def redact(query: str) -> str:
    """The query as it is counted: redacted, lower case, on one line, within the column."""
    return " ".join(redaction.redact(query.lower()).split())[:_MAX_LENGTH]


def record_miss(query: str, now: datetime, *, client_key: str | None = None) -> None:
    """Count a query that found nothing. A query seen before is always counted; a new one adds
    a row only while the table is below SEARCH_MISS_LOG_MAX_ROWS and its client (when given)
    is below SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR, so a script cannot flood the table."""
    text = redact(query)
    if not text.strip(redaction.REDACTED + " "):
        return
    counted = SearchMiss.objects.filter(query=text).update(count=F("count") + 1, last_seen=now)
    if counted:
        return
    if SearchMiss.objects.count() >= settings.SEARCH_MISS_LOG_MAX_ROWS:
        return
    limit = settings.SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR
    if client_key is not None and not ratelimit.hit(
        "search-miss", client_key, limit=limit, now=now
    ):
        return
    try:
        with transaction.atomic():
            SearchMiss.objects.create(query=text, count=1, first_seen=now, last_seen=now)
    except IntegrityError:
        # Another request recorded the same query between our update and insert.
        SearchMiss.objects.filter(query=text).update(count=F("count") + 1, last_seen=now)
