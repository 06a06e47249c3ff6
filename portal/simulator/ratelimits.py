"""KSeF's documented limits, counted per (environment, path, context, client IP).

A full window starts a block until the window frees (the Retry-After). KSeF says that repeated
excess lengthens a block considerably, without figures (ksef-docs limity/limity-api.md, sections
2 and 3; Retry-After over 40 minutes in CIRFMF/ksef-api issues 491, 788). The simulator's own
rule: each request during a block doubles it from then, up to MAX_BLOCK_SECONDS, past which the
security service answers (the firewall's 403 with an incident id).
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta
from typing import Any

from portal.ksef.protocol import RATE_LIMITS
from portal.simulator.models import RateLimitBlock, RequestLog
from portal.simulator.responses import FirewallBlocked, TooManyRequests

LONGEST_WINDOW = timedelta(hours=1)
MAX_BLOCK_SECONDS = 3600


def count_request(
    environment: str, path: str, context_nip: str, client_ip: str, now: datetime
) -> None:
    """Record one request to ``path`` (a protocol path template), or raise TooManyRequests
    when the pair is blocked or a window of its limit is full; a rejected request does not
    count towards the windows."""
    limit = RATE_LIMITS[path]
    key: dict[str, Any] = {
        "environment": environment,
        "path": path,
        "context_nip": context_nip,
        "client_ip": client_ip,
    }
    block = RateLimitBlock.objects.filter(**key, until__gt=now).first()
    if block is not None and block.seconds >= MAX_BLOCK_SECONDS:
        raise FirewallBlocked("INC-" + secrets.token_hex(6).upper(), client_ip)
    if block is not None:
        block.seconds = min(block.seconds * 2, MAX_BLOCK_SECONDS)
        block.until = now + timedelta(seconds=block.seconds)
        block.save(update_fields=["seconds", "until"])
        raise TooManyRequests(
            block.seconds,
            f"Żądanie w czasie blokady dla {path} wydłuża blokadę. "
            f"Spróbuj ponownie po {block.seconds} sekundach.",
        )
    RequestLog.objects.filter(**key, at__lt=now - LONGEST_WINDOW).delete()
    for window_seconds, allowed in limit.windows():
        since = now - timedelta(seconds=window_seconds)
        recent = RequestLog.objects.filter(**key, at__gt=since).order_by("at")
        if recent.count() >= allowed:
            oldest = recent[0].at
            retry_after = max(1, math.ceil((oldest - since).total_seconds()))
            RateLimitBlock.objects.update_or_create(
                **key,
                defaults={"until": now + timedelta(seconds=retry_after), "seconds": retry_after},
            )
            raise TooManyRequests(
                retry_after,
                f"Przekroczono limit {allowed} żądań na {window_seconds} s dla {path}. "
                f"Spróbuj ponownie po {retry_after} sekundach.",
            )
    RequestLog.objects.create(**key, at=now)
