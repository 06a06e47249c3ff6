"""The simulator's Latarnia: /ksef-sim/<environment>/latarnia/status and /messages, answered from
the failures and maintenances started on /ksef-sim/, in the shapes portal.ksef.latarnia reads."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from portal.ksef.latarnia import Category, MessageType, Status
from portal.simulator import clock
from portal.simulator.models import LatarniaEvent

# /messages lists the latest events only, as Latarnia keeps a short history.
MESSAGES_KEPT = 20

_TITLES = {
    MessageType.FAILURE_START: "Awaria KSeF",
    MessageType.FAILURE_END: "Koniec awarii KSeF",
    MessageType.MAINTENANCE_ANNOUNCEMENT: "Prace serwisowe KSeF",
}


def start_failure(environment: str, *, total: bool, text: str, now: datetime) -> LatarniaEvent:
    category = Category.TOTAL_FAILURE if total else Category.FAILURE
    return LatarniaEvent.objects.create(
        environment=environment, category=category, text=text, start=now, published=now
    )


def end_failures(environment: str, *, now: datetime) -> int:
    """End every failure still open in ``environment``; returns how many there were."""
    return (
        LatarniaEvent.objects.filter(environment=environment, end=None)
        .exclude(category=Category.MAINTENANCE)
        .update(end=now, ended_published=now)
    )


def announce_maintenance(
    environment: str, *, start: datetime, minutes: int, text: str, now: datetime
) -> LatarniaEvent:
    return LatarniaEvent.objects.create(
        environment=environment,
        category=Category.MAINTENANCE,
        text=text,
        start=start,
        end=start + timedelta(minutes=minutes),
        published=now,
    )


def _message(event: LatarniaEvent, kind: MessageType) -> dict[str, Any]:
    ending = kind == MessageType.FAILURE_END
    version = 2 if ending else 1
    published = event.ended_published if ending else event.published
    assert published is not None
    return {
        "id": f"sim-{event.environment}-{event.pk}-{version}",
        "eventId": event.pk,
        "category": event.category,
        "type": kind.value,
        "title": _TITLES[kind],
        "text": "System KSeF działa poprawnie." if ending else event.text,
        "start": event.start.isoformat(),
        "end": event.end.isoformat() if event.end else None,
        "version": version,
        "published": published.isoformat(),
    }


def _messages(event: LatarniaEvent) -> list[dict[str, Any]]:
    if event.category == Category.MAINTENANCE:
        return [_message(event, MessageType.MAINTENANCE_ANNOUNCEMENT)]
    started = [_message(event, MessageType.FAILURE_START)]
    return started if event.end is None else [*started, _message(event, MessageType.FAILURE_END)]


def status_of(environment: str, now: datetime) -> tuple[Status, list[LatarniaEvent]]:
    """An open failure (a total one first), else a maintenance under way, else available."""
    events = list(LatarniaEvent.objects.filter(environment=environment, start__lte=now))
    for category in (Category.TOTAL_FAILURE, Category.FAILURE, Category.MAINTENANCE):
        causes = [e for e in events if e.category == category and (e.end is None or e.end > now)]
        if causes:
            return Status(category.value), causes
    return Status.AVAILABLE, []


@require_GET
def status(request: HttpRequest, environment: str) -> JsonResponse:
    current, causes = status_of(environment, clock.now())
    body: dict[str, Any] = {"status": current.value}
    if causes:
        body["messages"] = [m for event in causes for m in _messages(event)]
    return JsonResponse(body)


@require_GET
def messages(request: HttpRequest, environment: str) -> JsonResponse:
    events = LatarniaEvent.objects.filter(environment=environment).order_by("-published", "-pk")
    listed = [m for event in events[:MESSAGES_KEPT] for m in _messages(event)]
    return JsonResponse(listed, safe=False)
