"""A check's steps as its page lists them: each with its label and KSeF's codes, grouped by
attempt, and an attempt folded into the one line that stands for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.checks.models import CheckStep, Outcome, SessionCheck, StepName
from portal.lib.environments import environment_label


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

    @property
    def clues(self) -> list[str]:
        """KSeF's codes as words for a one-line summary: the traceId is left to the step's own
        line, where it can be copied whole."""
        return [f"{name} {value}" for name, value in self.codes if name != "traceId"]


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
    # What the gateway left on an answer without a body: all support can find it by.
    gateway = (("Server", step.server), ("x-azure-ref", step.azure_ref), ("X-CDN", step.cdn))
    codes.extend((name, value) for name, value in gateway if value)
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


def time_of_day(moment: datetime) -> str:
    """The local time of day, "10:01:03", as the check's pages write it."""
    return f"{timezone.localtime(moment):%H:%M:%S}"


@dataclass(frozen=True)
class Attempt:
    """The steps of one attempt, and the line that stands for them when they are folded."""

    number: int  # 0: steps written before any attempt (the task could not be queued)
    steps: list[StepView]
    latest: bool

    def title(self, view: StepView | None = None) -> str:
        """The attempt and the time of the given step (else of its first): "Próba 2, 10:01:03"."""
        moment = time_of_day((view or self.steps[0]).step.started_at)
        if not self.number:
            return _("Uruchomienie, %(time)s") % {"time": moment}
        return _("Próba %(n)s, %(time)s") % {"n": self.number, "time": moment}

    @property
    def failed(self) -> StepView | None:
        """The first call of the attempt that failed: what a support desk asks about."""
        return next((view for view in self.steps if view.step.outcome == Outcome.FAIL), None)

    @property
    def line(self) -> str:
        """The attempt in one line: how many calls went well, then each that did not."""
        calls = [view for view in self.steps if view.step.outcome != Outcome.WAIT]
        parts = []
        if calls:
            ok = sum(1 for view in calls if view.step.outcome == Outcome.OK)
            parts.append(_("udane kroki: %(ok)s z %(all)s") % {"ok": ok, "all": len(calls)})
        for view in self.steps:
            if view.step.outcome == Outcome.OK:
                continue
            clues = view.clues
            if view.step.permissions:
                clues.append(_("obecne: %(p)s") % {"p": ", ".join(view.step.permissions)})
            if view.step.outcome == Outcome.WAIT and view.step.detail:
                clues.append(view.step.detail)
            parts.append(view.announcement + (f" ({', '.join(clues)})" if clues else ""))
        return f"{self.title()}: {'; '.join(parts)}"

    @property
    def call(self) -> StepView:
        """The call to quote for this attempt: the one that failed, else the session opening
        (what the check is about), else its last step (a wait our pacing imposed)."""
        opening = (view for view in self.steps if view.step.name == StepName.SESSION_OPEN)
        return self.failed or next(opening, self.steps[-1])


def attempts_of(steps: list[StepView]) -> list[Attempt]:
    numbers = sorted({view.step.attempt for view in steps})
    return [
        Attempt(n, [view for view in steps if view.step.attempt == n], latest=n == numbers[-1])
        for n in numbers
    ]
