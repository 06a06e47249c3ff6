"""A "KSeF unavailable" (or unexpected) verdict reached while Latarnia reports a failure or
maintenance in the check's environment quotes the announcement, as it was when the verdict fell;
with no disruption, or for a verdict an outage does not explain, there is no quote."""

from __future__ import annotations

from datetime import timedelta

from portal.checks.diagnosis import History, Observation, decide, quoting
from portal.checks.verdicts import Cause
from portal.ksef.errors import KsefTransportError, TransportErrorKind
from portal.latarnia.polling import poll_latarnia
from portal.simulator.scenarios import BY_NAME
from tests.checks.conftest import START
from tests.checks.test_check_finds_the_cause_of_each_scenario import assert_ended_cleanly, page_of

ANNOUNCEMENT = {
    "status": "FAILURE",
    "messages": [
        {"title": "Awaria KSeF", "text": "Brama nie odpowiada.", "start": START.isoformat()},
    ],
}


def _point_latarnia_at(simulator, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KSEF_LATARNIA_URLS = {
        env: f"{simulator.url}/ksef-sim/{env}/latarnia" for env in ("test", "demo", "prod")
    }


def test_an_unavailable_verdict_during_a_latarnia_failure_quotes_it(
    runner, client, settings, simulator, simulated_clock
):
    _point_latarnia_at(simulator, settings)
    environment = BY_NAME["unavailable"].environment.value
    client.post(
        "/ksef-sim/latarnia/",
        {
            "environment": environment,
            "action": "start-failure",
            "text": 'Niedostępne <script>alert("x")</script> logowanie',
        },
    )
    poll_latarnia(now=simulated_clock.now())

    check = runner.until_done(runner.start("unavailable"))

    assert_ended_cleanly(check, Cause.KSEF_UNAVAILABLE)
    quoted = check.facts["latarnia"]
    assert quoted["status"] == "FAILURE"
    assert [m["title"] for m in quoted["messages"]] == ["Awaria KSeF"]
    # The announcement ends later; the page still shows what was said when the verdict fell.
    client.post("/ksef-sim/latarnia/", {"environment": environment, "action": "end-failure"})
    poll_latarnia(now=simulated_clock.now())
    page = page_of(client, check)
    quote = page[page.index('id="verdict-latarnia"') :]
    assert "zgłaszała w chwili tego wyniku: Awaria." in quote
    assert "<strong>Awaria KSeF</strong>: Niedostępne &lt;script&gt;" in quote
    assert "<script>alert" not in page
    assert f"Od {START:%Y-%m-%d} 10:00" in quote  # 09:00 UTC, in Warsaw


def test_an_unavailable_verdict_without_a_disruption_quotes_nothing(
    runner, client, settings, simulator, simulated_clock
):
    _point_latarnia_at(simulator, settings)
    poll_latarnia(now=simulated_clock.now())

    check = runner.until_done(runner.start("unavailable"))

    assert_ended_cleanly(check, Cause.KSEF_UNAVAILABLE)
    assert "latarnia" not in check.facts
    assert 'id="verdict-latarnia"' not in page_of(client, check)


def _ends_unavailable() -> tuple[Observation, History]:
    error = KsefTransportError(
        kind=TransportErrorKind.TIMEOUT, method="POST", path="/sessions/online", reason="timeout"
    )
    history = History(created_at=START, deadline=START, transient_failures=5)
    return Observation(authenticated=True, session_error=error), history


def test_only_an_outage_like_verdict_quotes_the_announcement():
    observation, history = _ends_unavailable()
    now = START + timedelta(minutes=1)
    decision = decide(observation, history, nip="1234563218", environment="test", now=now)
    assert decision.cause == Cause.KSEF_UNAVAILABLE
    assert decision.quotes_announcement
    assert "latarnia" not in decision.facts
    assert quoting(decision, ANNOUNCEMENT).facts["latarnia"] == ANNOUNCEMENT

    opened = Observation(authenticated=True, session_opened=True, session_closed=True)
    decision = decide(opened, history, nip="1234563218", environment="test", now=now)
    assert decision.cause == Cause.SESSION_OK
    assert not decision.quotes_announcement
    assert "latarnia" not in quoting(decision, ANNOUNCEMENT).facts


def test_an_attempt_that_ends_ok_does_not_ask_for_latarnias_announcement(runner, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr("portal.latarnia.reports.announcement", lambda env, now: asked.append(env))

    check = runner.until_done(runner.start("ok"))

    assert_ended_cleanly(check, Cause.SESSION_OK)
    assert asked == []


def test_failing_to_read_latarnia_costs_the_quote_not_the_verdict(runner, monkeypatch):
    def unreadable(env: str, now: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr("portal.latarnia.reports.announcement", unreadable)

    check = runner.until_done(runner.start("unavailable"))

    assert_ended_cleanly(check, Cause.KSEF_UNAVAILABLE)
    assert "latarnia" not in check.facts
