"""Queries that found nothing, counted so writers know which article to write next.

Only the query text is kept, and even that is redacted first: a reader may paste a whole error
dialog, and with it a KSeF token, a NIP or a reference number, which identify them.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from kb.search.models import SearchMiss

REDACTED = "…"
_SECRETS = [
    # Anything that looks like a KSeF token ("<reference>|nip-<NIP>|<hex>") or a part of one.
    re.compile(r"\S*\|\S*"),
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


def record_miss(query: str, now: datetime) -> None:
    text = redact(query)
    if not text.strip(REDACTED + " "):
        return
    counted = SearchMiss.objects.filter(query=text).update(count=F("count") + 1, last_seen=now)
    if counted:
        return
    try:
        with transaction.atomic():
            SearchMiss.objects.create(query=text, count=1, first_seen=now, last_seen=now)
    except IntegrityError:
        # Another request recorded the same query between our update and insert.
        SearchMiss.objects.filter(query=text).update(count=F("count") + 1, last_seen=now)
