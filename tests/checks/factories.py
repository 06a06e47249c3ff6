"""Checks built inline in the database, for tests that need no KSeF."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from portal.checks import tokenvault
from portal.checks.causes import Cause
from portal.checks.models import CheckStep, Outcome, SessionCheck, Status, StepName

TOKEN = "20251001-EC-0123456789-ABCDEF0123-45|nip-1234563218|" + "ef" * 32


class FixedClock:
    """The check's clock stopped at one moment, for tests that run no KSeF call."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return 0.0

    def sleep(self, seconds: float) -> None:
        raise AssertionError("nothing here should wait")


def make_check(now: datetime, **fields: Any) -> SessionCheck:
    values: dict[str, Any] = {
        "environment": "test",
        "nip": "1234563218",
        "created_at": now,
        "deadline": now + timedelta(minutes=15),
        "token_ciphertext": tokenvault.seal(TOKEN),
        "status": Status.QUEUED,
    }
    values.update(fields)
    return SessionCheck.objects.create(**values)


def make_propagated_check(finished: datetime, minutes: float, env: str = "test") -> SessionCheck:
    """A check that ended in the propagation verdict at ``finished``, ``minutes`` after KSeF
    first refused with missing-permissions: one sample of /stan-ksef/'s propagation figure."""
    return make_check(
        finished - timedelta(minutes=minutes + 1),
        environment=env,
        status=Status.DONE,
        cause=Cause.PROPAGATION,
        first_denied_at=finished - timedelta(minutes=minutes),
        finished_at=finished,
        attempts=2,
    )


def add_step(check: SessionCheck, name: StepName, outcome: Outcome, **fields: Any) -> CheckStep:
    values: dict[str, Any] = {
        "attempt": check.attempts,
        "environment": check.environment,
        "started_at": check.created_at,
    }
    values.update(fields)
    return CheckStep.objects.create(session_check=check, name=name, outcome=outcome, **values)


def make_running(now: datetime, count: int) -> None:
    """``count`` attempts under way since ``now``, each check a client and a NIP of its own."""
    for n in range(count):
        make_check(
            now,
            nip=f"{n:010d}",
            client_key=f"running-{n}",
            status=Status.RUNNING,
            attempts=1,
            claimed_at=now,
            lease_until=now + timedelta(minutes=2),
        )


def make_load(
    now: datetime, *, running: int, queued: int, attempt_seconds: float
) -> list[SessionCheck]:
    """The check workers at work: ``running`` attempts under way, one attempt that ended a minute
    ago after ``attempt_seconds``, and ``queued`` checks waiting (each a client and a NIP of its
    own), which it returns oldest first."""
    make_running(now, running)
    make_check(
        now - timedelta(minutes=1),
        nip="7000000000",
        status=Status.DONE,
        claimed_at=now - timedelta(minutes=1),
        attempt_seconds=attempt_seconds,
    )
    return [make_check(now, nip=f"9{n:09d}", client_key=f"queued-{n}") for n in range(queued)]
