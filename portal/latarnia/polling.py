"""Asking Latarnia about every enabled environment, once a minute (portal/schedules.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings

from portal.ksef import latarnia
from portal.ksef.latarnia import Status
from portal.latarnia import reports
from portal.latarnia.models import MESSAGE_ID_LENGTH, LatarniaMessage, LatarniaReading
from portal.lib import clock


def poll_latarnia(
    now: datetime | None = None,
    read: Callable[[str], latarnia.Reading] = latarnia.read,
) -> None:
    """Keep each environment's Latarnia answer and the messages it listed, and forget those older
    than the retention. Environments that share a Latarnia (DEMO and TEST) ask it once."""
    now = now or clock.current().now()
    readings: dict[str, latarnia.Reading] = {}
    newest = reports.newest(*settings.KSEF_ENVIRONMENTS)
    for environment in settings.KSEF_ENVIRONMENTS:
        url = settings.KSEF_LATARNIA_URLS[environment]
        if url not in readings:
            readings[url] = read(url)
        _keep(environment, readings[url], newest.get(environment), now)
        _keep_messages(environment, readings[url].messages, now)
    retention = timedelta(days=settings.KSEF_LATARNIA_MESSAGES_RETENTION_DAYS)
    LatarniaMessage.objects.filter(last_seen__lt=now - retention).delete()
    LatarniaReading.objects.filter(read_at__lt=now - retention).delete()


def _keep(
    environment: str, reading: latarnia.Reading, kept: LatarniaReading | None, now: datetime
) -> None:
    """Renew the newest reading with Latarnia's answer, or add one when it changes a failure or a
    maintenance, which a verdict may quote (SessionCheck.latarnia_reading) as it was said."""
    fields = {
        "status": reading.status.value,
        "messages": [m.to_json() for m in reading.messages],
        "problem": reading.problem[:200],
        "read_at": now,
        "since": kept.since if kept is not None and kept.status == reading.status else now,
    }
    if kept is None or (
        Status(kept.status) in reports.DISRUPTED
        and (kept.status, kept.messages) != (fields["status"], fields["messages"])
    ):
        LatarniaReading.objects.create(environment=environment, **fields)
    else:
        LatarniaReading.objects.filter(pk=kept.pk).update(**fields)


def _keep_messages(environment: str, messages: tuple[latarnia.Message, ...], now: datetime) -> None:
    """Store new messages, replace those Latarnia published again under a higher version, and
    mark all of them seen now. An unreadable answer has no messages and changes nothing."""
    latest: dict[str, latarnia.Message] = {}
    for message in sorted(messages, key=lambda message: -message.version):
        # A longer id is none Latarnia gives (a UUID); storing it would fail the whole poll.
        if len(message.id) <= MESSAGE_ID_LENGTH:
            latest.setdefault(message.id, message)
    if not latest:
        return
    kept = LatarniaMessage.objects.filter(environment=environment, message_id__in=latest)
    versions = dict(kept.values_list("message_id", "version"))
    for message_id, message in latest.items():
        fields = {
            "event_id": message.event_id,
            "category": message.category.value,
            "type": message.type.value,
            "title": message.title[:500],
            "text": message.text,
            "start": message.start,
            "end": message.end,
            "version": message.version,
            "published": message.published,
            "last_seen": now,
        }
        if message_id not in versions:
            LatarniaMessage.objects.create(environment=environment, message_id=message_id, **fields)
        elif message.version > versions[message_id]:
            kept.filter(message_id=message_id).update(**fields)
    kept.update(last_seen=now)
