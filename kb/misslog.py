"""How a miss (a search that found nothing, an error no rule answered) is counted for writers,
who read the most frequent first. Anyone can make one, so a client counts each row once an hour
and adds rows only under its hourly limit and the table's size limit (docs/operators.md)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F

from portal.lib import ratelimit


def count_miss(
    model: type[models.Model],
    key: dict[str, str],
    now: datetime,
    *,
    client_key: str | None,
    scope: str,
    max_rows: int,
    new_rows_per_client: int,
) -> None:
    """Count one miss of the row ``key`` (its unique fields) of ``model``, which has ``count``,
    ``first_seen`` and ``last_seen``. Without ``client_key`` (a caller that is no reader) only
    the table's size limit applies."""
    rows = model._default_manager.filter(**key)
    if rows.exists():
        if _first_this_hour(scope, key, client_key, now):
            rows.update(count=F("count") + 1, last_seen=now)
        return
    if model._default_manager.count() >= max_rows:
        return
    if client_key is not None and not ratelimit.hit(
        f"{scope}-new", client_key, limit=new_rows_per_client, now=now
    ):
        return
    _first_this_hour(scope, key, client_key, now)
    try:
        with transaction.atomic():
            model._default_manager.create(**key, count=1, first_seen=now, last_seen=now)
    except IntegrityError:
        # Another request added the row between our look and our insert: one more miss of it.
        rows.update(count=F("count") + 1, last_seen=now)


def _first_this_hour(
    scope: str, key: dict[str, str], client_key: str | None, now: datetime
) -> bool:
    """Whether this is the client's first miss of the row this hour (marked as seen now).
    Marks are made only for rows that exist or are being added, so a flood of made-up misses
    leaves no more marks than rows."""
    if client_key is None:
        return True
    row = hashlib.sha256(repr(sorted(key.items())).encode()).hexdigest()[:32]
    return ratelimit.hit(f"{scope}-counted", f"{client_key}:{row}", limit=1, now=now)
