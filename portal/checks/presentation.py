"""What the check's page shows, computed from the stored check: the template only lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from portal.checks import pacing
from portal.checks.config import environment_choices, environment_label, get_config, uses_simulator
from portal.checks.lifecycle import TooManyChecks
from portal.checks.models import CheckStep, Outcome, SessionCheck, Status, StepName
from portal.checks.verdicts import VERDICTS, Cause, explain, next_steps, title


def _label(choices: type[StepName] | type[Outcome], value: str) -> str:
    """The translated label of one stored value (the value itself when it is unknown).

    Not get_FOO_display(): that builds a dict of every choice on each call, translating every
    label to hash it, which made most of a poll's time with a few dozen steps."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class StepView:
    step: CheckStep
    label: str
    outcome: str
    environment: str | None  # set only when the step ran in another environment
    codes: list[tuple[str, str]]

    @property
    def css(self) -> str:
        css: dict[str, str] = {Outcome.OK: "ok", Outcome.FAIL: "fail", Outcome.WAIT: "wait"}
        return css.get(self.step.outcome, "")

    @property
    def announcement(self) -> str:
        return f"{self.label}: {self.outcome}"


def step_codes(step: CheckStep) -> list[tuple[str, str]]:
    codes: list[tuple[str, str]] = []
    if step.http_status:
        codes.append(("HTTP", str(step.http_status)))
    if step.auth_status:
        codes.append(("status.code", str(step.auth_status)))
    if step.reason_code:
        codes.append(("reasonCode", step.reason_code))
    if step.exception_codes:
        codes.append(("exceptionCode", ", ".join(str(c) for c in step.exception_codes)))
    if step.trace_id:
        codes.append(("traceId", step.trace_id))
    if step.system_warning:
        codes.append(("X-System-Warning", step.system_warning))
    return codes


def step_views(check: SessionCheck) -> list[StepView]:
    views = []
    for step in check.steps.all():
        views.append(
            StepView(
                step=step,
                label=_label(StepName, step.name),
                outcome=_label(Outcome, step.outcome),
                environment=(
                    environment_label(step.environment)
                    if step.environment != check.environment
                    else None
                ),
                codes=step_codes(step),
            )
        )
    return views


def check_page(check: SessionCheck, *, now: datetime, seen: str | None) -> dict[str, Any]:
    steps = step_views(check)
    try:
        seen_count = max(0, int(seen or 0))
    except ValueError:
        seen_count = 0
    # Only what is new since the browser's last look, so each step is announced once.
    announcements = [view.announcement for view in steps[seen_count:]] if seen else []
    verdict = None
    if check.status == Status.DONE and check.cause:
        cause = Cause(check.cause)
        verdict = {
            "cause": cause,
            "title": title(cause, check.facts),
            "explanation": explain(cause, check.facts),
            "next_steps": next_steps(cause, check.facts),
            "sources": VERDICTS[cause].sources,
            "tone": check.tone,
            "permissions": check.facts.get("permissions") or [],
            "incident_id": check.facts.get("incident_id"),
            "trace_id": check.facts.get("trace_id"),
        }
        if seen is not None:
            announcements.append(verdict["title"])
    elif not check.is_active and seen is not None:
        announcements.append(str(check.get_status_display()))
    return {
        "check": check,
        "steps": steps,
        "step_count": len(steps),
        "verdict": verdict,
        "announcements": announcements,
        "environment_label": environment_label(check.environment),
        "poll_delay": get_config().poll_delay_seconds,
        "next_in": check.seconds_to_next_attempt(now),
        # KSeF asked (429 on /auth/challenge) to pause every check of the environment; such a
        # check waits (its attempt is paced), so only a waiting check's page asks.
        "paused_until": (
            pacing.environment_paused_until(check.environment, now)
            if check.status == Status.WAITING
            else None
        ),
    }


def form_page() -> dict[str, Any]:
    """Extras of the form page: where the simulator's demo tokens are, when it is in use."""
    simulated = any(uses_simulator(name) for name, _label in environment_choices())
    if not simulated:
        return {}
    try:
        return {"simulator_url": reverse("ksefsim:index")}
    except NoReverseMatch:
        return {}


def rate_limit_message(exc: TooManyChecks) -> str:
    if exc.kind == "nip":
        return _(
            "Z Twojego adresu sprawdzano ten NIP w ostatniej godzinie już %(limit)s razy. Żeby nie "
            "narazić go na blokadę w KSeF, kolejne sprawdzenie będzie możliwe później."
        ) % {"limit": exc.limit}
    return _(
        "Z Twojego adresu uruchomiono w ostatniej godzinie już %(limit)s sprawdzeń. Spróbuj "
        "ponownie za jakiś czas."
    ) % {"limit": exc.limit}
