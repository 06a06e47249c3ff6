"""Queries that found nothing, counted so writers know which article to write next.

Only the query text is kept, and even that is redacted first (``kb.redaction``).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from kb import misslog, redaction
from kb.search.models import SearchMiss

_MAX_LENGTH = SearchMiss._meta.get_field("query").max_length or 200


def redact(query: str) -> str:
    """The query as it is counted: redacted, lower case, on one line, within the column."""
    return " ".join(redaction.redact(query.lower()).split())[:_MAX_LENGTH]


def record_miss(query: str, now: datetime, *, client_key: str | None = None) -> None:
    """Count a query that found nothing (``kb.misslog``): within SEARCH_MISS_LOG_MAX_ROWS
    distinct queries and SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR new ones per client."""
    text = redact(query)
    if not text.strip(redaction.REDACTED + " "):
        return
    misslog.count_miss(
        SearchMiss,
        {"query": text},
        now,
        client_key=client_key,
        scope="search-miss",
        max_rows=settings.SEARCH_MISS_LOG_MAX_ROWS,
        new_rows_per_client=settings.SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR,
    )
