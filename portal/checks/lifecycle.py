"""The life of a check: queued → running → (waiting → running)* → done, always ending in a clear
state with its secret erased; a check without a token is awaiting-signature until it is queued.

The database says which checks are due, and ``claim`` hands one to exactly one worker with one
UPDATE, so a killed worker and a missed wake-up are both just "due again" (the rest of the life:
docs/check-design.md, The check's life).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F

from portal.checks import diagnosis, pacing, queueing, runner, steps, tokenvault
from portal.checks.causes import OUTAGE_LIKE, Cause
from portal.checks.config import get_config
from portal.checks.diagnosis import Decision, History
from portal.checks.models import ACTIVE_STATUSES, Outcome, SessionCheck, Status, StepName
from portal.checks.queueing import due
from portal.latarnia import reports
from portal.lib import ratelimit
from portal.lib.clock import Clock

logger = logging.getLogger("portal.checks")

# The every-minute schedule's task (portal/schedules.py registers it).
TIDY_TASK = "portal.checks.tasks.tidy_checks"


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
    """Create the check, due at once: a worker takes it from the database. Raises
    queueing.PortalBusy or TooManyChecks (``count_start``) before storing anything;
    ``client_key`` comes from ``ratelimit.client_key``."""
    count_start(data.nip, client_key, now)
    return SessionCheck.objects.create(
        environment=data.environment,
        nip=data.nip,
        try_other_environments=data.try_other_environments,
        created_at=now,
        deadline=now + get_config().retry_window,
        token_ciphertext=tokenvault.seal(data.token),
        client_key=client_key,
    )


def count_start(nip: str, client_key: str, now: datetime) -> None:
    """Admit and count one start of a check (a signed one starts when it asks KSeF for a
    challenge), or raise queueing.PortalBusy when the queue is too long to serve it, or
    TooManyChecks."""
    # Before the rate limits: a start refused for a full queue spends none of the client's.
    queueing.admit(now)
    config = get_config()
    limit = config.starts_per_address_per_hour
    if not ratelimit.hit("check-address", client_key, limit=limit, now=now):
        raise TooManyChecks("address", limit)
    # Per NIP and client together: counted per NIP alone, a stranger with a made-up token could
    # spend a company's starts and lock its own check out. KSeF's per-context limits are kept
    # safe for every client at once by pacing (portal/checks/pacing.py), not by this count.
    limit = config.starts_per_nip_per_hour
    if not ratelimit.hit("check-nip", f"{nip}:{client_key}", limit=limit, now=now):
        raise TooManyChecks("nip", limit)


def claim(now: datetime) -> SessionCheck | None:
    """Take the next due check (queueing.candidates) for one attempt. The UPDATE tests again
    that it is due, so of two workers that saw it due only one gets it."""
    lease = get_config().lease
    candidates = queueing.candidates(now)
    while (pk := candidates.values_list("pk", flat=True).first()) is not None:
        taken = SessionCheck.objects.filter(due(now), pk=pk).update(
            status=Status.RUNNING,
            lease_until=now + lease,
            attempts=F("attempts") + 1,
            claimed_at=now,
            attempt_seconds=None,
        )
        if taken:
            return SessionCheck.objects.get(pk=pk)
    return None


def run_due(clock: Clock) -> int:
    """Run the due checks' attempts one after another in this thread until none is due (`manage.py
    run_checks --once`); returns how many ran."""
    ran = 0
    while (check := claim(clock.now())) is not None:
        attempt(check, clock)
        ran += 1
    return ran


def tidy(now: datetime) -> str:
    """Every minute (see schedules.py): erase what a check no longer needs, forget old pacing."""
    # Belt and braces: every way a check ends erases its token already.
    erased = (
        SessionCheck.objects.exclude(status__in=ACTIVE_STATUSES)
        .exclude(token_ciphertext="")
        .update(token_ciphertext="")
    )
    pacing.forget_old_calls(now)
    purged, _ = SessionCheck.objects.filter(created_at__lt=now - get_config().retention).delete()
    return f"tokens erased {erased}, purged {purged}"


def attempt(check: SessionCheck, clock: Clock) -> None:
    """One attempt of a claimed check, then its verdict or the time of the next attempt."""
    # Still due a lease past its deadline: the bound on a check that keeps killing its worker.
    if clock.now() > check.deadline + get_config().lease:
        runner.end_authentication_session(check, clock)
        end(check, Status.ABANDONED, clock.now(), "abandoned")
        return
    try:
        token = tokenvault.unseal(check.token_ciphertext)
    except tokenvault.TokenUnavailable:
        end(check, Status.ABANDONED, clock.now(), "token unavailable")
        return
    history = History(
        created_at=check.created_at,
        deadline=check.deadline,
        first_denied_at=check.first_denied_at,
        denied_for=check.denied_for,
        denied_detail=check.denied_detail,
        transient_failures=check.transient_failures,
    )
    quoted = None
    slot_reserved = False
    try:
        observation = runner.run_attempt(check, token, clock)
        # The context's slot is taken once logged in (runner._use_access_token).
        slot_reserved = observation.authenticated and observation.paced_until_seconds is None
        now = clock.now()
        decision = diagnosis.decide(
            observation,
            history,
            nip=check.nip,
            environment=check.environment,
            now=now,
            not_before=pacing.blocked_until(check.environment, check.nip, now),
        )
    except Exception as exc:
        # A bug of ours must not leave the check "running" until its lease runs out, nor be
        # worded as KSeF's.
        logger.exception("check %s failed in attempt %s", check.pk, check.attempts)
        decision = diagnosis.ends(
            history, Cause.PORTAL_FAULT, {"failure": f"portal error ({type(exc).__name__})"}
        )
    else:
        if decision.cause == Cause.PORTAL_FAULT:
            logger.error(
                "check %s: the portal's own fault in attempt %s: %s",
                check.pk,
                check.attempts,
                decision.facts.get("failure"),
                exc_info=observation.auth_error or observation.session_error,
            )
        if decision.cause in OUTAGE_LIKE:
            quoted = _disruption(check.environment, now)
    if decision.cause is not None:
        # Within the attempt's own slot when it had one (a paced attempt had none).
        runner.end_authentication_session(check, clock, slot_reserved=slot_reserved)
    store(check, decision, clock.now(), latarnia_reading_id=quoted)


def _disruption(environment: str, now: datetime) -> int | None:
    """The reading of Latarnia's failure or maintenance now, for the verdict to quote. Failing to
    read it costs the quote, never the verdict the attempt reached."""
    try:
        report = reports.disruption(environment, now)
    except Exception:
        logger.exception("could not read Latarnia's report for %s", environment)
        return None
    return report.reading_id if report is not None else None


def _attempt_seconds(check: SessionCheck, now: datetime) -> float | None:
    if check.claimed_at is None:
        return None
    return max(0.0, (now - check.claimed_at).total_seconds())


def store(
    check: SessionCheck, decision: Decision, now: datetime, latarnia_reading_id: int | None = None
) -> None:
    fields = {
        "facts": decision.facts,
        "lease_until": None,
        "attempt_seconds": _attempt_seconds(check, now),
        "first_denied_at": decision.history.first_denied_at,
        "denied_for": decision.history.denied_for,
        "denied_detail": decision.history.denied_detail[:500],
        "transient_failures": decision.history.transient_failures,
        "retry_reason": decision.retry or "",
    }
    if decision.cause is not None:
        fields.update(
            status=Status.DONE,
            cause=decision.cause,
            tone=decision.tone,
            finished_at=now,
            next_attempt_at=None,
            token_ciphertext="",
            latarnia_reading_id=latarnia_reading_id,
        )
        SessionCheck.objects.filter(pk=check.pk).update(**fields)
        return
    next_at = decision.next_attempt_at
    assert next_at is not None
    seconds = max(1, round((next_at - now).total_seconds()))
    with transaction.atomic():
        steps.record_step(check, StepName.RETRY, Outcome.WAIT, at=now, detail=f"{seconds} s")
        SessionCheck.objects.filter(pk=check.pk).update(
            status=Status.WAITING, next_attempt_at=next_at, **fields
        )


def end(check: SessionCheck, status: Status, now: datetime, detail: str) -> None:
    """End a check without a verdict (could not start, abandoned); the token goes too."""
    steps.record_step(check, StepName.WORKER, Outcome.FAIL, at=now, detail=detail[:500])
    SessionCheck.objects.filter(pk=check.pk).update(
        status=status,
        finished_at=now,
        lease_until=None,
        next_attempt_at=None,
        retry_reason="",
        token_ciphertext="",
        attempt_seconds=_attempt_seconds(check, now),
    )
