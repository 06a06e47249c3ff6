"""Queries that found nothing, counted so writers know which article to write next.

Only the query text is kept, and even that is redacted first: a reader may paste a whole error
dialog, and with it a KSeF token, a NIP or a reference number, which identify them.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from kb.search.models import SearchMiss
from portal.lib import ratelimit

REDACTED = "…"
_SECRETS = [
    # Anything that looks like a KSeF token ("<reference>|nip-<NIP>|<hex>") or a part of one.
    re.compile(r"\S*\|\S*"),
    re.compile(r"\S*nip-\d{10}\S*", re.IGNORECASE),
    # A token's secret part, even stuck to a word ("token2be5..."): 32 hex digits anywhere.
    re.compile(r"\S*[0-9a-fA-F]{32,}\S*"),
    re.compile(r"\b[0-9a-fA-F]{16,}\b"),
    re.compile(r"\S+@\S+"),
    # NIP, PESEL, KSeF reference numbers: a word with six or more digits in a row (maybe split
    # by dashes), and a NIP written in groups. KSeF exception codes have five digits and stay.
    re.compile(r"\S*\d(?:-?\d){5,}\S*"),
    re.compile(r"\b\d{3}[ -]\d{3}[ -]\d{2}[ -]\d{2}\b"),
]
_MAX_LENGTH = SearchMiss._meta.get_field("query").max_length or 200


def redact(query: str) -> str:
    text = query.lower()
    for pattern in _SECRETS:
        text = pattern.sub(REDACTED, text)
    return " ".join(text.split())[:_MAX_LENGTH]


def record_miss(query: str, now: datetime, *, client_key: str | None = None) -> None:
    """Count a query that found nothing. A query seen before is always counted; a new one adds
    a row only while the table is below SEARCH_MISS_LOG_MAX_ROWS and its client (when given)
    is below SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR, so a script cannot flood the table."""
    text = redact(query)
    if not text.strip(REDACTED + " "):
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
