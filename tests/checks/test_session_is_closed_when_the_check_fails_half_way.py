from __future__ import annotations

from portal.checks.models import SessionCheck, Status, StepName
from portal.checks.steps import StepLog
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
    assert (check.status, check.cause) == (Status.DONE, "portal-fault")
    assert check.token_ciphertext == ""


class WorkerKilled(BaseException):
    """What the rest of the attempt sees when its worker process dies: nothing runs after."""


def test_a_session_left_open_by_a_killed_worker_is_closed_by_the_next_attempt(
    runner, monkeypatch, simulated_clock
):
    import pytest

    from portal.checks import runner as check_runner
    from portal.checks.config import get_config
    from portal.simulator import clock as sim_clock

    def killed(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(check_runner.KsefClient, "close_online_session", killed)
        with pytest.raises(WorkerKilled):
            runner.start("ok")
    check = SessionCheck.objects.get()
    left_open = OnlineSession.objects.get()
    assert left_open.closed_at is None
    assert check.status == Status.RUNNING

    # The lease runs out; the check is due again and its next attempt runs.
    sim_clock.advance(get_config().lease.total_seconds() + 1)
    check = runner.until_done(check)

    left_open.refresh_from_db()
    assert left_open.closed_at is not None
    assert OnlineSession.objects.filter(closed_at__isnull=True).count() == 0
    assert check.steps.filter(
        name=StepName.SESSION_CLOSE, outcome="ok", detail=left_open.reference_number
    ).exists()
    assert (check.status, check.cause) == (Status.DONE, "session-ok")
