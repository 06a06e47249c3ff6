"""The portal's own observations: aggregates of finished checks per environment, a figure only
from five checks on, at a cost in queries that does not grow with the number of checks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Outcome, Status, StepName
from portal.status import observations
from portal.status.observations import Figure
from tests.checks.factories import add_step, make_check, make_propagated_check
from tests.status.conftest import START


def _propagated(minutes: float, *, ago: timedelta = timedelta(hours=1), env: str = "test") -> None:
    make_propagated_check(START - ago, minutes, env)


def _opened(ms_by_step: dict[StepName, int], *, env: str = "test") -> None:
    check = make_check(
        START - timedelta(hours=1),
        environment=env,
        status=Status.DONE,
        cause=Cause.SESSION_OK,
        finished_at=START - timedelta(minutes=59),
        attempts=1,
    )
    for name, ms in ms_by_step.items():
        add_step(check, name, Outcome.OK, duration_ms=ms)


@pytest.mark.django_db
def test_four_propagations_give_no_figure_and_the_fifth_gives_median_and_p90():
    for minutes in (2, 4, 6, 30):
        _propagated(minutes)
    assert observations.compute(START)["test"]["propagation"]["24h"] == Figure(4, None, None)

    _propagated(8)
    assert observations.compute(START)["test"]["propagation"]["24h"] == Figure(5, 360.0, 1800.0)


@pytest.mark.django_db
def test_a_check_two_days_old_counts_for_the_week_only():
    for _ in range(5):
        _propagated(3)
    _propagated(60, ago=timedelta(days=2))
    _propagated(60, ago=timedelta(days=8))  # older than any window

    figures = observations.compute(START)["test"]["propagation"]
    assert (figures["24h"].count, figures["7d"].count) == (5, 6)
    assert figures["7d"].p90 == 3600.0


@pytest.mark.django_db
def test_authentication_sums_an_attempts_steps_and_session_opening_is_its_own_step():
    steps = {
        StepName.CHALLENGE: 100,
        StepName.AUTHENTICATION: 200,
        StepName.AUTH_STATUS: 1500,
        StepName.ACCESS_TOKEN: 200,
        StepName.SESSION_OPEN: 900,
    }
    for _ in range(5):
        _opened(steps)
    _opened({StepName.CHALLENGE: 100, StepName.AUTHENTICATION: 50_000})  # never got a token

    figures = observations.compute(START)["test"]
    assert figures["authentication"]["24h"] == Figure(5, 2.0, 2.0)
    assert figures["session_open"]["24h"] == Figure(5, 0.9, 0.9)


@pytest.mark.django_db
@pytest.mark.parametrize("checks", [5, 25])
def test_computing_costs_three_queries_whatever_the_number_of_checks(
    checks, django_assert_num_queries
):
    for n in range(checks):
        _propagated(n + 1)
        _opened({StepName.CHALLENGE: 100, StepName.ACCESS_TOKEN: 100, StepName.SESSION_OPEN: 500})
    with django_assert_num_queries(3):
        observations.compute(START)


@pytest.mark.django_db
def test_the_page_and_the_json_show_the_figures_and_say_when_there_are_too_few(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo"]
    for minutes in (2, 4, 6, 8, 30):
        _propagated(minutes)

    body = client.get("/stan-ksef/").content.decode()
    test = body[body.index('id="week-test"') : body.index('id="week-demo"')]
    assert "mediana 6 min, 90% sprawdzeń w 30 min (5 sprawdzeń)" in test
    assert "za mało sprawdzeń (0 z 5)" in test  # no authentication seen

    test_json, demo_json = client.get("/api/v1/ksef-status/").json()["environments"]
    assert test_json["observations"]["propagation"]["24h"] == {
        "count": 5,
        "medianSeconds": 360.0,
        "p90Seconds": 1800.0,
    }
    assert demo_json["observations"]["session_open"]["7d"]["medianSeconds"] is None
    assert "1234563218" not in body  # no NIP, nothing that identifies a user


@pytest.mark.django_db
def test_the_english_page_explains_the_figures_in_english(client):
    for minutes in (2, 4, 6, 8, 30):
        _propagated(minutes)
    body = client.get("/en/stan-ksef/").content.decode()
    assert "median 6 min, 90% of checks within 30 min (5 checks)" in body
    assert "too few checks (0 of 5)" in body
