"""The steps of a check as they are written: each KSeF call when it ends, with the codes of KSeF's
answer, so the page can show it while the attempt is still going."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from portal.checks.models import CheckStep, Outcome, SessionCheck, StepName, Transport
from portal.ksef.client import AuthStep, KsefClient, StepReport
from portal.ksef.errors import (
    KsefAuthFailed,
    KsefAuthTimeout,
    KsefError,
    KsefHttpError,
    KsefResponseError,
    KsefTransportError,
)
from portal.lib.clock import Clock

AUTH_STEPS = {
    AuthStep.CERTIFICATES: StepName.CERTIFICATES,
    AuthStep.CHALLENGE: StepName.CHALLENGE,
    AuthStep.KSEF_TOKEN: StepName.AUTHENTICATION,
    AuthStep.XADES_SIGNATURE: StepName.SIGNATURE,
    AuthStep.STATUS: StepName.AUTH_STATUS,
    AuthStep.REDEEM: StepName.ACCESS_TOKEN,
}


def error_codes(error: KsefError | None) -> dict[str, Any]:
    """The codes of a KSeF error worth showing: what KSeF said, never what we sent."""
    if error is None:
        return {}
    if isinstance(error, KsefAuthFailed):
        status = error.status
        return {
            "auth_status": status.code,
            "detail": "; ".join([status.description, *status.details])[:500],
        }
    if isinstance(error, KsefHttpError):
        detail = error.detail or error.title or ("" if not error.is_empty_body else "empty body")
        return {
            "http_status": error.status,
            "reason_code": error.reason_code or "",
            "exception_codes": error.exception_codes,
            "trace_id": (error.trace_id or "")[:128],
            "system_warning": (error.system_warning or "")[:500],
            "azure_ref": error.headers.get("x-azure-ref", "")[:128],
            "cdn": error.headers.get("X-CDN", "")[:64],
            "server": error.headers.get("Server", "")[:64],
            "detail": detail[:500],
            # A 403 names the permissions KSeF saw; the page shows them beside the ones needed.
            "permissions": [str(item) for item in error.security.get("presentPermissions") or []],
        }
    if isinstance(error, KsefResponseError):
        return {"http_status": error.status, "detail": error.problem[:500]}
    if isinstance(error, KsefTransportError):
        return {"transport": error.kind.value, "detail": f"{error.kind}: {error.reason}"[:500]}
    return {"detail": str(error)[:500]}


def record_step(
    check: SessionCheck,
    name: StepName,
    outcome: Outcome,
    *,
    at: datetime,
    environment: str = "",
    duration_seconds: float | None = None,
    **fields: Any,
) -> CheckStep:
    """Write one step of the check, ended at ``at``: the only place steps are written."""
    duration = None if duration_seconds is None else max(0.0, duration_seconds)
    values = {key: value for key, value in fields.items() if value not in (None, "")}
    return CheckStep.objects.create(
        session_check=check,
        attempt=check.attempts,
        environment=environment or check.environment,
        name=name,
        outcome=outcome,
        started_at=at - timedelta(seconds=duration or 0),
        duration_ms=None if duration is None else round(duration * 1000),
        **values,
    )


class StepLog:
    """Writes the attempt's calls to KSeF as steps as they happen, with the clues of KSeF's last
    answer."""

    def __init__(
        self,
        check: SessionCheck,
        clock: Clock,
        environment: str | None = None,
        client: KsefClient | None = None,
    ) -> None:
        self.check = check
        self.clock = clock
        self.environment = environment or check.environment
        self.client = client
        self._exchanges_seen = 0

    def _last_exchange_clues(self) -> dict[str, Any]:
        if self.client is None or len(self.client.exchanges) <= self._exchanges_seen:
            return {}
        self._exchanges_seen = len(self.client.exchanges)
        exchange = self.client.exchanges[-1]
        return {
            "trace_id": (exchange.trace_id or "")[:128] or None,
            "system_warning": (exchange.system_warning or "")[:500] or None,
        }

    def add(
        self, name: StepName, outcome: Outcome, *, error: KsefError | None = None, **fields: Any
    ) -> CheckStep:
        values = {
            "transport": Transport.ANSWERED,
            **self._last_exchange_clues(),
            **error_codes(error),
            **fields,
        }
        return record_step(
            self.check, name, outcome, at=self.clock.now(), environment=self.environment, **values
        )

    @contextmanager
    def step(self, name: StepName) -> Iterator[dict[str, Any]]:
        """Time the block and record it as one step: failed, with KSeF's codes, when it raises
        a KsefError (which goes on up), else ok. The block fills in the yielded fields."""
        started = self.clock.monotonic()
        fields: dict[str, Any] = {}
        try:
            yield fields
        except KsefError as exc:
            duration = self.clock.monotonic() - started
            self.add(name, Outcome.FAIL, duration_seconds=duration, error=exc, **fields)
            raise
        self.add(name, Outcome.OK, duration_seconds=self.clock.monotonic() - started, **fields)

    def auth_step(self, report: StepReport) -> None:
        fields: dict[str, Any] = {}
        if report.http_status is not None and report.error is None:
            fields["http_status"] = report.http_status
        if report.auth_status_code is not None:
            fields["auth_status"] = report.auth_status_code
        if report.polls > 1 and report.error is None:
            # Never in place of KSeF's own words: a failed status keeps its detail verbatim.
            fields["detail"] = f"polls: {report.polls}"
        outcome = Outcome.OK if report.ok else Outcome.FAIL
        if isinstance(report.error, KsefAuthTimeout):
            # Still 100 when the attempt stopped waiting: nothing failed yet.
            outcome = Outcome.WAIT
        self.add(
            AUTH_STEPS[report.step],
            outcome,
            duration_seconds=report.duration_seconds,
            error=report.error,
            **fields,
        )
