from __future__ import annotations

from portal.checks.models import SessionCheck, Status, StepName
from portal.checks.runner import StepLog
from portal.simulator.models import OnlineSession


def test_a_session_opened_before_a_failure_is_still_closed(runner, monkeypatch):
    original_add = StepLog.add

    def add_failing_after_open(self, name, outcome, **kwargs):  # type: ignore[no-untyped-def]
        if name == StepName.SESSION_OPEN and outcome == "ok":
            raise RuntimeError("database went away right after the session opened")
        return original_add(self, name, outcome, **kwargs)

    monkeypatch.setattr(StepLog, "add", add_failing_after_open)

    check = SessionCheck.objects.get(pk=runner.start("ok").pk)

    assert OnlineSession.objects.count() == 1
    assert OnlineSession.objects.filter(closed_at__isnull=True).count() == 0
    assert check.steps.filter(name="session-close", outcome="ok").count() == 1
    assert (check.status, check.cause) == (Status.DONE, "unexpected")
    assert check.token_ciphertext == ""
