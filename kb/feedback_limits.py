"""How many opinions ("Did this help?") one address may send per hour: plenty for a reader, too
few for a script to bury the writers' feedback list.

Counted in the shared cache (Redis in production) under a keyed hash of the address, never the
address itself, in fixed one-hour windows. When the cache cannot be reached the opinion is let
through: losing a reader's feedback is worse than a short window without the limit.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600


def allow(address: str, *, now: float | None = None) -> bool:
    """Count one opinion from ``address``; False once the hour's limit is passed."""
    window = int((time.time() if now is None else now) // WINDOW_SECONDS)
    who = salted_hmac("kb.feedback_limits", address).hexdigest()[:32]
    key = f"kb:feedback:{who}:{window}"
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW_SECONDS)
            count = 1
    except Exception:
        logger.warning("feedback limit not checked: cache unavailable", exc_info=True)
        return True
    return int(count) <= settings.KB_FEEDBACK_PER_ADDRESS_PER_HOUR
