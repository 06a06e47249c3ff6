"""Checks built inline in the database, for tests that need no KSeF."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from portal.checks import tokenvault
from portal.checks.models import CheckStep, Outcome, SessionCheck, Status, StepName
from portal.checks.verdicts import Cause

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
