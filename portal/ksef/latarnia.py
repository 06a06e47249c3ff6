"""A client for Latarnia, the ministry's public availability service for KSeF (no authentication):
``GET /status`` and ``GET /messages`` under a base URL, in the shapes of the ministry's own Java
client (CIRFMF/ksef-client-java, ``model/lighthouse/``); the KSeF guide does not describe it.
Unlike that client and the Python ksef-client, which read an unknown status as AVAILABLE, this one
never guesses: a late, non-200 or misshapen answer is status UNKNOWN with a reason to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import requests

from portal.ksef.client import parse_datetime
from portal.ksef.protocol import Environment

LATARNIA_URLS: dict[Environment, str] = {
    Environment.TEST: "https://api-latarnia-test.ksef.mf.gov.pl",
    # DEMO has no Latarnia of its own: the ministry's clients point it at the test one.
    Environment.DEMO: "https://api-latarnia-test.ksef.mf.gov.pl",
    Environment.PROD: "https://api-latarnia.ksef.mf.gov.pl",
}
STATUS_PATH = "/status"
MESSAGES_PATH = "/messages"
# Latarnia is polled every minute from a worker: a slow answer must not hold it for long.
TIMEOUT_SECONDS = 5.0


class Status(StrEnum):
    AVAILABLE = "AVAILABLE"
    MAINTENANCE = "MAINTENANCE"
    FAILURE = "FAILURE"
    TOTAL_FAILURE = "TOTAL_FAILURE"
    # Ours, never Latarnia's: no readable answer.
    UNKNOWN = "UNKNOWN"


class Category(StrEnum):
    FAILURE = "FAILURE"
    TOTAL_FAILURE = "TOTAL_FAILURE"
    MAINTENANCE = "MAINTENANCE"


class MessageType(StrEnum):
    FAILURE_START = "FAILURE_START"
    FAILURE_END = "FAILURE_END"
    MAINTENANCE_ANNOUNCEMENT = "MAINTENANCE_ANNOUNCEMENT"


class Unreadable(Exception):
    """Latarnia's answer did not arrive or does not have the documented shape."""


@dataclass(frozen=True)
class Message:
    id: str
    event_id: int
    category: Category
    type: MessageType
    title: str
    text: str
    start: datetime
    end: datetime | None
    version: int
    published: datetime

    @classmethod
    def from_json(cls, data: Any) -> Message:
        """One message as Latarnia (or our own stored copy, which has the same keys) writes it."""
        if not isinstance(data, dict):
            raise Unreadable("a message is not an object")
        try:
            end = data.get("end")  # absent or null while the event lasts
            return cls(
                id=_text(data["id"], "id"),
                event_id=_integer(data["eventId"], "eventId"),
                category=Category(data["category"]),
                type=MessageType(data["type"]),
                title=_text(data["title"], "title"),
                text=_text(data["text"], "text"),
                start=parse_datetime(data["start"]),
                end=None if end is None else parse_datetime(end),
                version=_integer(data["version"], "version"),
                published=parse_datetime(data["published"]),
            )
        except KeyError as missing:
            raise Unreadable(f"a message has no {missing.args[0]!r}") from None
        except ValueError as bad:
            raise Unreadable(f"a message has a bad value: {bad}") from None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "eventId": self.event_id,
            "category": self.category.value,
            "type": self.type.value,
            "title": self.title,
            "text": self.text,
            "start": self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "version": self.version,
            "published": self.published.isoformat(),
        }


@dataclass(frozen=True)
class Reading:
    """What Latarnia said: its status and the messages it published, or UNKNOWN and why."""

    status: Status
    messages: tuple[Message, ...] = ()
    problem: str = ""

    def current_messages(self, now: datetime) -> list[Message]:
        """The latest version of each event that has not ended by ``now``, newest first: an
        ended failure or a maintenance already over is history, not news."""
        latest: dict[int, Message] = {}
        for message in self.messages:
            known = latest.get(message.event_id)
            if known is None or (message.version, message.published) > (
                known.version,
                known.published,
            ):
                latest[message.event_id] = message
        current = [
            m
            for m in latest.values()
            if m.type != MessageType.FAILURE_END and (m.end is None or m.end > now)
        ]
        return sorted(current, key=lambda m: m.published, reverse=True)


def read(
    base_url: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    session: requests.Session | None = None,
) -> Reading:
    """Ask Latarnia at ``base_url`` for its status and messages; never raises for its answers."""
    http = session or requests.Session()
    try:
        status_body = _get_json(http, base_url.rstrip("/") + STATUS_PATH, timeout)
        messages_body = _get_json(http, base_url.rstrip("/") + MESSAGES_PATH, timeout)
        return _parse(status_body, messages_body)
    except Unreadable as problem:
        return Reading(Status.UNKNOWN, problem=str(problem))
    finally:
        if session is None:
            http.close()


def _get_json(http: requests.Session, url: str, timeout: float) -> Any:
    path = url[url.rfind("/") :]
    try:
        response = http.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.Timeout:
        raise Unreadable(f"GET {path}: no answer within {timeout:g} s") from None
    except requests.RequestException as exc:
        raise Unreadable(f"GET {path}: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise Unreadable(f"GET {path}: HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise Unreadable(f"GET {path}: the answer is not JSON") from None


def _parse(status_body: Any, messages_body: Any) -> Reading:
    if not isinstance(status_body, dict):
        raise Unreadable("GET /status: the answer is not an object")
    raw_status = status_body.get("status")
    if raw_status not in {s.value for s in Status if s != Status.UNKNOWN}:
        raise Unreadable(f"GET /status: unknown status {raw_status!r}")
    status_messages = status_body.get("messages") or []
    if not isinstance(status_messages, list) or not isinstance(messages_body, list):
        raise Unreadable("the messages are not a list")
    seen: dict[tuple[str, int], Message] = {}
    for item in [*status_messages, *messages_body]:
        message = Message.from_json(item)
        seen[(message.id, message.version)] = message
    return Reading(Status(raw_status), tuple(seen.values()))


# What XML 1.0 cannot carry (the Atom feed): C0 controls but tab, newline and carriage return,
# lone surrogates and U+FFFE, U+FFFF. PostgreSQL also refuses NUL in text and jsonb, and a
# surrogate escape in jsonb, either failing the whole poll every minute; a lone surrogate has no
# UTF-8 at all, so a page quoting it would fail too. JSON can carry every one of them.
_UNCARRIABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: Any, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{name} is not text")
    return _UNCARRIABLE.sub("", str(value))


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} is not an integer")
    return value
