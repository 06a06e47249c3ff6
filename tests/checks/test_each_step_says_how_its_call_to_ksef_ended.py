"""Every step that called KSeF says how the call ended on the wire: answered (whatever KSeF
said), or without an answer and why; steps that called no KSeF say nothing. /stan-ksef/ counts
time-outs from it, never from a step's words."""

from __future__ import annotations

import time

from portal.checks.causes import Cause
from portal.checks.models import StepName, Transport
from portal.ksef.errors import TransportErrorKind
from tests.checks.test_check_finds_the_cause_of_each_scenario import assert_ended_cleanly


def test_a_session_that_opens_has_only_answered_calls(runner):
    check = runner.until_done(runner.start("ok"))

    transports = set(check.steps.values_list("transport", flat=True))
    assert transports == {Transport.ANSWERED}


def test_a_call_without_an_answer_in_time_is_a_timeout_and_the_wait_is_no_call(runner, settings):
    settings.KSEF_HTTP_TIMEOUT_SECONDS = 0.3  # below the slow scenario's 0.6 s
    check = runner.until_done(runner.start("slow"))

    assert_ended_cleanly(check, Cause.KSEF_UNAVAILABLE, timed_out=True)
    steps = list(check.steps.values_list("name", "transport", "http_status"))
    timed_out = [(name, status) for name, transport, status in steps if transport == "timeout"]
    assert timed_out == [(StepName.SESSION_OPEN, None)] * 3
    assert {transport for name, transport, _ in steps if name == StepName.RETRY} == {""}
    assert {t for _, t, _ in steps} == {Transport.ANSWERED, Transport.TIMEOUT, ""}
    # The simulator would otherwise finish the request the client gave up on in the next test.
    time.sleep(settings.KSEF_SIMULATOR_SLOW_SECONDS)


def test_every_kind_of_missing_answer_has_a_transport():
    assert {kind.value for kind in TransportErrorKind} <= set(Transport.values)
