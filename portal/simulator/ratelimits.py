"""KSeF's documented limits, counted per (environment, path, context, client IP)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from portal.ksef.protocol import RATE_LIMITS
from portal.simulator.models import RequestLog
from portal.simulator.responses import TooManyRequests

LONGEST_WINDOW = timedelta(hours=1)


def count_request(
    environment: str, path: str, context_nip: str, client_ip: str, now: datetime
) -> None:
    """Record one request to ``path`` (a protocol path template), or raise TooManyRequests
    when a window of its limit is full; the rejected request does not count."""
    limit = RATE_LIMITS[path]
    key = {
        "environment": environment,
        "path": path,
        "context_nip": context_nip,
        "client_ip": client_ip,
    }
    RequestLog.objects.filter(**key, at__lt=now - LONGEST_WINDOW).delete()
    for window_seconds, allowed in limit.windows():
        since = now - timedelta(seconds=window_seconds)
        recent = RequestLog.objects.filter(**key, at__gt=since).order_by("at")
        if recent.count() >= allowed:
            oldest = recent[0].at
            retry_after = max(1, math.ceil((oldest - since).total_seconds()))
            raise TooManyRequests(
                retry_after,
                f"Przekroczono limit {allowed} żądań na {window_seconds} s dla {path}. "
                f"Spróbuj ponownie za {retry_after} s.",
            )
    RequestLog.objects.create(**key, at=now)
