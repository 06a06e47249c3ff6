"""The life of a check: started from the form, one attempt per task, waiting between attempts
without holding a worker, and always ending in a clear state with its token erased.

States: queued → running → (waiting → queued/running)* → done; or not-started (the broker was
down at submission) and abandoned (a worker died twice, or the check was lost).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django_q.models import Schedule
from django_q.tasks import async_task

from portal import ratelimit
from portal.checks import diagnosis, pacing, runner, tokenvault
from portal.checks.clock import Clock
from portal.checks.config import get_config
from portal.checks.diagnosis import Decision, RetryReason
from portal.checks.models import (
    ACTIVE_STATUSES,
    CheckStep,
    Outcome,
    SessionCheck,
    Status,
    StepName,
)
from portal.checks.verdicts import Cause

logger = logging.getLogger("portal.checks")

RUN_TASK = "portal.checks.tasks.run_check"
# The scheduler of django-q2 looks for due schedules every 30 s; its ONCE schedules carry the
# check's id and nothing else, like the tasks.
SCHEDULE_PREFIX = "check-attempt"


class TooManyChecks(Exception):
    def __init__(self, kind: str, limit: int) -> None:
        self.kind = kind  # "address" or "nip"
        self.limit = limit
        super().__init__(f"too many checks per {kind}")


@dataclass(frozen=True)
class NewCheck:
    environment: str
    nip: str
    token: str
    try_other_environments: bool = False


def start_check(data: NewCheck, *, client_key: str, now: datetime) -> SessionCheck:
    """Create the check and queue its first attempt. Raises TooManyChecks before storing
    anything when a rate limit is reached; ``client_key`` comes from ``ratelimit.client_key``."""
    config = get_config()
    limit = config.starts_per_address_per_hour
    if not ratelimit.hit("check-address", client_key, limit=limit, now=now):
        raise TooManyChecks("address", limit)
    limit = config.starts_per_nip_per_hour
    if not ratelimit.hit("check-nip", data.nip, limit=limit, now=now):
        raise TooManyChecks("nip", limit)
    check = SessionCheck.objects.create(
        environment=data.environment,
        nip=data.nip,
        try_other_environments=data.try_other_environments,
        created_at=now,
        queued_at=now,
        deadline=now + config.retry_window,
        token_ciphertext=tokenvault.seal(data.token),
        client_key=client_key,
    )
    enqueue(check, now)
    return check


def enqueue(check: SessionCheck, now: datetime) -> bool:
    """Hand the check to a worker. The task's only argument is the check's id: django-q2 keeps
    task arguments readable in its tables and in the broker."""
    try:
        async_task(RUN_TASK, check.pk, task_name=f"check-{check.pk}")
    except Exception as exc:
        # Broker down (Redis unreachable, database locked...): nothing will run this check.
        logger.error("could not queue check %s: %s", check.pk, type(exc).__name__)
        end(check, Status.NOT_STARTED, now, step_detail=type(exc).__name__)
        return False
    return True


def claim(check_id: int, now: datetime) -> SessionCheck | None:
    """Take the check for one attempt, unless another worker has it or it is not due: a
    redelivered or duplicated task then does nothing."""
    lease_until = now + get_config().lease
    taken = (
        SessionCheck.objects.filter(pk=check_id)
        .filter(Q(status=Status.QUEUED) | Q(status=Status.WAITING, next_attempt_at__lte=now))
        .update(status=Status.RUNNING, lease_until=lease_until, attempts=F("attempts") + 1)
    )
    if not taken:
        return None
    return SessionCheck.objects.get(pk=check_id)


def run_check(check_id: int, clock: Clock) -> None:
    """One attempt of the check, then its verdict or the time of the next attempt."""
    check = claim(check_id, clock.now())
    if check is None:
        return
    try:
        token = tokenvault.unseal(check.token_ciphertext)
    except tokenvault.TokenUnavailable:
        end(check, Status.ABANDONED, clock.now(), step_detail="token unavailable")
        return
    try:
        observation = runner.run_attempt(check, token, clock)
        decision = diagnosis.decide(observation, nip=check.nip, environment=check.environment)
        conclude(check, decision, clock.now())
    except Exception as exc:
        # A bug of ours must not leave the check "running" until the sweeper finds it.
        logger.exception("check %s failed in attempt %s", check.pk, check.attempts)
        finish(
            check,
            Cause.UNEXPECTED,
            {"failure": f"portal error ({type(exc).__name__})"},
            clock.now(),
        )


def conclude(check: SessionCheck, decision: Decision, now: datetime) -> None:
    config = get_config()
    facts = dict(decision.facts)
    if decision.is_final:
        assert decision.cause is not None
        cause = decision.cause
        if cause == Cause.SESSION_OK and check.first_denied_at is not None:
            if check.facts.get("denial") == RetryReason.ACTIVATION:
                cause = Cause.TOKEN_STATUS
                facts["token_state"] = diagnosis.TokenState.ACTIVATED
            else:
                cause = Cause.PROPAGATION
        if check.first_denied_at is not None:
            facts["minutes"] = minutes_since(check.first_denied_at, now)
        finish(check, cause, facts, now)
        return
    assert decision.retry is not None
    reason = decision.retry
    # Why KSeF first refused, kept across later waits (a timeout in between must not make a
    # token that was Pending look like propagating permissions).
    if reason in (RetryReason.PROPAGATION, RetryReason.ACTIVATION):
        if check.first_denied_at is None:
            check.first_denied_at = now
        facts["denial"] = reason.value
    elif check.facts.get("denial"):
        facts["denial"] = check.facts["denial"]
    transient_failures = int(check.facts.get("transient_failures", 0))
    # KSeF's own refusals to answer (5xx, timeouts, 429) are retried a bounded number of times:
    # hammering a struggling or limiting KSeF only lengthens its block.
    if reason in (RetryReason.KSEF_TRANSIENT, RetryReason.RATE_LIMITED):
        transient_failures += 1
    facts["transient_failures"] = transient_failures
    facts["waiting_for"] = reason.value
    delay = config.retry_interval
    if decision.retry_after_seconds:
        delay = max(delay, timedelta(seconds=decision.retry_after_seconds))
    next_at = now + delay
    blocked = pacing.blocked_until(check.environment, check.nip, now)
    if blocked and blocked > next_at:
        next_at = blocked
    out_of_time = next_at > check.deadline
    if transient_failures > config.transient_retries:
        out_of_time = True
    if out_of_time:
        facts["minutes"] = minutes_since(check.first_denied_at or check.created_at, now)
        ending = diagnosis.when_window_ends(reason, facts)
        assert ending.cause is not None
        finish(check, ending.cause, ending.facts, now)
        return
    wait(check, next_at, facts, now)


def minutes_since(start: datetime | None, now: datetime) -> int:
    if start is None:
        return 0
    return max(1, ceil((now - start).total_seconds() / 60))


def wait(check: SessionCheck, next_at: datetime, facts: dict[str, Any], now: datetime) -> None:
    """Park the check until ``next_at``: no worker holds it meanwhile; a ONCE schedule wakes it
    up, and the sweeper does if that schedule is lost."""
    seconds = max(1, round((next_at - now).total_seconds()))
    with transaction.atomic():
        CheckStep.objects.create(
            session_check=check,
            attempt=check.attempts,
            environment=check.environment,
            name=StepName.RETRY,
            outcome=Outcome.WAIT,
            started_at=now,
            detail=f"{seconds} s",
        )
        SessionCheck.objects.filter(pk=check.pk).update(
            status=Status.WAITING,
            next_attempt_at=next_at,
            lease_until=None,
            first_denied_at=check.first_denied_at,
            facts=facts,
        )
        Schedule.objects.create(
            name=f"{SCHEDULE_PREFIX}-{check.pk}-{check.attempts + 1}",
            func=RUN_TASK,
            args=repr(check.pk),
            schedule_type=Schedule.ONCE,
            repeats=-1,
            next_run=next_at,
        )


def finish(check: SessionCheck, cause: Cause, facts: dict[str, Any], now: datetime) -> None:
    facts = {key: value for key, value in facts.items() if key != "transient_failures"}
    SessionCheck.objects.filter(pk=check.pk).update(
        status=Status.DONE,
        cause=cause,
        facts=facts,
        finished_at=now,
        lease_until=None,
        next_attempt_at=None,
        token_ciphertext="",
    )


def end(check: SessionCheck, status: Status, now: datetime, *, step_detail: str = "") -> None:
    """End a check without a verdict (could not start, abandoned); the token goes too."""
    CheckStep.objects.create(
        session_check=check,
        attempt=check.attempts,
        environment=check.environment,
        name=StepName.WORKER,
        outcome=Outcome.FAIL,
        started_at=now,
        detail=step_detail[:500],
    )
    SessionCheck.objects.filter(pk=check.pk).update(
        status=status,
        finished_at=now,
        lease_until=None,
        next_attempt_at=None,
        token_ciphertext="",
    )
    drop_schedules(check.pk)


def drop_schedules(check_id: int) -> None:
    Schedule.objects.filter(
        func=RUN_TASK, args=repr(check_id), name__startswith=SCHEDULE_PREFIX
    ).delete()


# --- Sweeping -----------------------------------------------------------------------------


@dataclass
class SweepReport:
    requeued: int = 0
    abandoned: int = 0
    redispatched: int = 0
    tokens_erased: int = 0
    pacing_rows_deleted: int = 0


def sweep(now: datetime) -> SweepReport:
    """Put every check into a state that moves: a worker that died, a task the broker lost, a
    schedule that never fired. Runs every minute (see setup_schedules)."""
    config = get_config()
    report = SweepReport()
    lost = SessionCheck.objects.filter(
        Q(status=Status.RUNNING, lease_until__lt=now)
        | Q(status=Status.QUEUED, queued_at__lt=now - config.queue_grace)
    )
    for check in lost:
        if check.redeliveries == 0 and now < check.deadline + config.lease:
            # Once: the attempt may have died on a transient fault (worker restart, deploy).
            updated = SessionCheck.objects.filter(pk=check.pk, status=check.status).update(
                status=Status.QUEUED, queued_at=now, lease_until=None, redeliveries=1
            )
            if updated:
                CheckStep.objects.create(
                    session_check=check,
                    attempt=check.attempts,
                    environment=check.environment,
                    name=StepName.WORKER,
                    outcome=Outcome.WAIT,
                    started_at=now,
                    detail="requeued",
                )
                enqueue(check, now)
                report.requeued += 1
        else:
            end(check, Status.ABANDONED, now, step_detail="abandoned")
            report.abandoned += 1
    # A WAITING check whose ONCE schedule did not fire in time (deleted, scheduler down).
    overdue = SessionCheck.objects.filter(
        status=Status.WAITING, next_attempt_at__lt=now - timedelta(seconds=90)
    )
    for check in overdue:
        updated = SessionCheck.objects.filter(pk=check.pk, status=Status.WAITING).update(
            status=Status.QUEUED, queued_at=now
        )
        if updated:
            drop_schedules(check.pk)
            enqueue(check, now)
            report.redispatched += 1
    report.tokens_erased = (
        SessionCheck.objects.exclude(status__in=ACTIVE_STATUSES)
        .exclude(token_ciphertext="")
        .update(token_ciphertext="")
    )
    report.pacing_rows_deleted = pacing.forget_old_calls(now)
    return report


def purge(now: datetime) -> int:
    """Delete checks (with their steps) older than the retention period."""
    deleted, _ = SessionCheck.objects.filter(created_at__lt=now - get_config().retention).delete()
    return deleted
