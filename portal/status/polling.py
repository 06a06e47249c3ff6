"""Asking Latarnia about every enabled environment, once a minute (portal/schedules.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings

from portal.checks import clock
from portal.ksef import latarnia
from portal.status.models import LatarniaReading


def poll_latarnia(
    now: datetime | None = None,
    read: Callable[[str], latarnia.Reading] = latarnia.read,
) -> None:
    """Read each environment's Latarnia and keep the answer with its time. DEMO and TEST share
    one Latarnia in production, so each address is asked once."""
    now = now or clock.current().now()
    readings: dict[str, latarnia.Reading] = {}
    for environment in settings.KSEF_ENVIRONMENTS:
        url = settings.KSEF_LATARNIA_URLS[environment]
        if url not in readings:
            readings[url] = read(url)
        _keep(environment, readings[url], now)


def _keep(environment: str, reading: latarnia.Reading, now: datetime) -> None:
    kept = LatarniaReading.objects.filter(environment=environment).first()
    since = kept.since if kept is not None and kept.status == reading.status else now
    LatarniaReading.objects.update_or_create(
        environment=environment,
        defaults={
            "status": reading.status.value,
            "messages": [m.to_json() for m in reading.messages],
            "problem": reading.problem[:200],
            "read_at": now,
            "since": since,
        },
    )
