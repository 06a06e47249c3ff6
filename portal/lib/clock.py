"""The session check's clock: wall time for records and schedules, monotonic time for durations,
and sleep for short in-attempt waits. Tests swap it for a manual one."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol

from django.utils import timezone


class Clock(Protocol):
    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return timezone.now()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_current: Clock = SystemClock()


def current() -> Clock:
    return _current


def use(clock: Clock) -> None:
    """Install a clock for the tasks to use (tests only; the default is the system clock)."""
    global _current
    _current = clock
