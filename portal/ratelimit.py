"""How often one client may do something: start a check, send an opinion.

Counted in Django's cache (Redis in production) in fixed windows, under a keyed hash of the
client's address, never the address itself. When the cache cannot be reached the request is let
through: a short time without a limit is better than refusing every reader and every check.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger("portal.ratelimit")

HOUR = timedelta(hours=1)


def client_address(request: HttpRequest) -> str:
    """The address a request came from; every limit asks here, so this is the one place to
    change what counts as one client."""
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address: enough to count, useless to find the person."""
    return salted_hmac("portal.ratelimit", client_address(request)).hexdigest()[:32]


def hit(scope: str, key: str, *, limit: int, now: datetime, window: timedelta = HOUR) -> bool:
    """Count one hit of ``key`` in ``scope``; False once the window's ``limit`` is passed."""
    seconds = int(window.total_seconds())
    cache_key = f"ratelimit:{scope}:{key}:{int(now.timestamp()) // seconds}"
    try:
        # The key outlives its window, so incr finds it unless the cache lost it meanwhile.
        cache.add(cache_key, 0, timeout=seconds)
        count = cache.incr(cache_key)
    except Exception:
        logger.warning("%s limit not checked: cache unavailable", scope, exc_info=True)
        return True
    return int(count) <= limit
