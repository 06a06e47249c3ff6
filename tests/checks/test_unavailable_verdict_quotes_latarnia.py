"""A "KSeF unavailable" (or unexpected) verdict reached while Latarnia reports a failure or
maintenance in the check's environment refers to that reading, and the page quotes it as it was
when the verdict fell; with no disruption, or for a verdict an outage does not explain, there is
no quote."""

from __future__ import annotations

from portal.checks.causes import Cause
from portal.latarnia import reports
from portal.latarnia.polling import poll_latarnia
from tests.checks.conftest import START
from tests.checks.test_check_finds_the_cause_of_each_scenario import assert_ended_cleanly, page_of


def _latarnia_fails(client, settings, simulator, simulated_clock, text: str = "Awaria") -> None:  # type: ignore[no-untyped-def]
    """Latarnia reports a failure in the test environment, where the scenarios used here run."""
    settings.KSEF_LATARNIA_URLS = {
        env: f"{simulator.url}/ksef-sim/{env}/latarnia" for env in ("test", "demo", "prod")
    }
    client.post(
        "/ksef-sim/latarnia/", {"environment": "test", "action": "start-failure", "text": text}
    )
    poll_latarnia(now=simulated_clock.now())


def test_an_unavailable_verdict_during_a_latarnia_failure_quotes_it(
    runner, client, settings, simulator, simulated_clock
):
    text = 'Niedostępne <script>alert("x")</script> logowanie'
    _latarnia_fails(client, settings, simulator, simulated_clock, text)
    failing = reports.disruption("test", simulated_clock.now())
    assert failing is not None

    check = runner.until_done(runner.start("unavailable"))

    assert_ended_cleanly(check, Cause.KSEF_UNAVAILABLE)
    assert check.latarnia_reading_id == failing.reading_id
    # The failure ends later; the page still shows what was said when the verdict fell.
    client.post("/ksef-sim/latarnia/", {"environment": "test", "action": "end-failure"})
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
    settings.KSEF_LATARNIA_URLS = {
        env: f"{simulator.url}/ksef-sim/{env}/latarnia" for env in ("test", "demo", "prod")
    }
    poll_latarnia(now=simulated_clock.now())

    check = runner.until_done(runner.start("unavailable"))

    assert_ended_cleanly(check, Cause.KSEF_UNAVAILABLE)
    assert check.latarnia_reading is None
    assert 'id="verdict-latarnia"' not in page_of(client, check)


def test_a_verdict_an_outage_does_not_explain_quotes_nothing_and_asks_nothing(
    runner, client, settings, simulator, simulated_clock, monkeypatch
):
    _latarnia_fails(client, settings, simulator, simulated_clock)
    asked: list[str] = []
    disruption = reports.disruption
    monkeypatch.setattr(
        reports, "disruption", lambda env, now: asked.append(env) or disruption(env, now)
    )

    check = runner.until_done(runner.start("ok"))

    assert_ended_cleanly(check, Cause.SESSION_OK)
    assert check.latarnia_reading is None
    assert asked == []


def test_failing_to_read_latarnia_costs_the_quote_not_the_verdict(runner, monkeypatch):
    def unreadable(env: str, now: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(reports, "disruption", unreadable)

    check = runner.until_done(runner.start("unavailable"))

    assert_ended_cleanly(check, Cause.KSEF_UNAVAILABLE)
    assert check.latarnia_reading is None
