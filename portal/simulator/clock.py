"""The simulator's clock: real time, unless a test (or a demo) sets and moves it. Module-level on
purpose: pytest-django's live server runs in the test's process, so a test that moves this clock
moves it for the simulator's views too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


def freeze(at: datetime) -> None:
    global _frozen
    _frozen = at.astimezone(UTC)


def advance(seconds: float) -> None:
    """Move a frozen clock forward (freezing it at the current time first if it runs)."""
    freeze(now() + timedelta(seconds=seconds))


def unfreeze() -> None:
    global _frozen
    _frozen = None
