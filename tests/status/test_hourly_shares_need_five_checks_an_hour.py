"""The last 7 days hour by hour: the share of attempts that met a 5xx, a time-out or a 429, and
the share of finished checks per verdict; a share only from five checks in the hour, drawn as
SVG on /stan-ksef/ (numbers in a table, no JavaScript needed) and listed in the JSON, at a cost
in queries that does not grow with the number of checks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.checks.causes import Cause
from portal.checks.models import Outcome, SessionCheck, Status, StepName, Transport
from portal.checks.steps import error_codes
from portal.ksef.errors import KsefAuthTimeout, KsefTransportError, TransportErrorKind
from portal.status import hourly
from tests.checks.factories import add_step, make_check
from tests.status.conftest import START

HOUR_AGO = START - timedelta(hours=1)  # 07:00 UTC, 08:00 in Warsaw: bucket 166 of 168


def _transport(kind: TransportErrorKind) -> dict[str, str]:
    """A step's fields as the runner writes them for a call that got no answer."""
    error = KsefTransportError(kind=kind, method="POST", path="/auth/challenge", reason="r")
    return error_codes(error)


def _finished(
    attempts: list[list[dict[str, object]]] | None = None,
    *,
    at: datetime = HOUR_AGO,
    cause: Cause = Cause.SESSION_OK,
    env: str = "test",
    status: Status = Status.DONE,
) -> SessionCheck:
    """A check that finished at ``at``; each attempt a list of steps' fields (a fine challenge
    when none is given), the steps started at ``at``."""
    attempts = attempts or [[{}]]
    check = make_check(
        at, environment=env, status=status, cause=cause, finished_at=at, attempts=len(attempts)
    )
    for number, steps in enumerate(attempts, start=1):
        for fields in steps:
            values = {
                "name": StepName.CHALLENGE,
                "outcome": Outcome.OK,
                "transport": Transport.ANSWERED,
                **fields,
            }
            add_step(check, attempt=number, started_at=at, **values)  # type: ignore[arg-type]
    return check


def _hour(env: str = "test", at: datetime = HOUR_AGO) -> hourly.Hour:
    hours = hourly.compute(START)[env]
    assert len(hours) == hourly.HOURS and hours[-1].start == START
    return next(h for h in hours if h.start == at)


@pytest.mark.django_db
def test_four_checks_in_an_hour_give_no_share_and_the_fifth_gives_them():
    _finished([[{"outcome": Outcome.FAIL, "http_status": 503}]], cause=Cause.KSEF_UNAVAILABLE)
    for _ in range(3):
        _finished()
    four = _hour()
    assert (four.attempts, four.checks, four.shares, four.verdict_shares) == (4, 4, None, None)

    _finished()
    five = _hour()
    assert five.shares == {"5xx": 0.2, "timeout": 0.0, "429": 0.0}
    assert five.verdict_shares == {"session-ok": 0.8, "ksef-unavailable": 0.2}


@pytest.mark.django_db
def test_each_kind_of_trouble_counts_once_per_attempt_that_met_it():
    failed_5xx = {"outcome": Outcome.FAIL, "http_status": 502}
    timed_out = {"outcome": Outcome.FAIL, **_transport(TransportErrorKind.TIMEOUT)}
    _finished([[failed_5xx, failed_5xx], [timed_out]])
    _finished([[{"outcome": Outcome.FAIL, "http_status": 429}]], cause=Cause.RATE_LIMITED)
    # Neither is a time-out: a refused connection, and KSeF answering "still in progress".
    _finished([[{"outcome": Outcome.FAIL, **_transport(TransportErrorKind.CONNECTION)}]])
    auth_wait = {"detail": str(KsefAuthTimeout("20250101-AU-1", 30.0))}
    _finished([[{"name": StepName.AUTH_STATUS, "outcome": Outcome.FAIL, **auth_wait}]])
    # A second attempt that only waited for the pacing slot called no KSeF: no attempt.
    _finished([[{}], [{"name": StepName.PACING, "outcome": Outcome.WAIT, "transport": ""}]])

    hour = _hour()
    assert (hour.attempts, hour.checks) == (6, 5)
    assert hour.met == {"5xx": 1, "timeout": 1, "429": 1}
    assert hour.shares == {"5xx": 0.1667, "timeout": 0.1667, "429": 0.1667}


@pytest.mark.django_db
def test_only_finished_checks_count_each_in_its_hour_and_environment():
    for _ in range(5):
        _finished(cause=Cause.PROPAGATION)
    _finished([[{"http_status": 500}]], status=Status.RUNNING)  # still going: left out
    _finished(at=START - timedelta(hours=3), cause=Cause.SCOPE)
    _finished(at=START - timedelta(days=8))  # before the 7 days
    for _ in range(5):
        _finished([[{"http_status": 429}]], env="demo")

    test_hours = hourly.compute(START)["test"]
    assert [h.start for h in test_hours if not h.empty] == [START - timedelta(hours=3), HOUR_AGO]
    assert _hour().verdict_shares == {"propagation": 1.0}
    assert _hour().met == {}
    assert _hour("demo").shares == {"5xx": 0.0, "timeout": 0.0, "429": 1.0}


@pytest.mark.django_db
def test_the_page_without_javascript_draws_the_shares_with_their_numbers(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo"]
    _finished([[{"outcome": Outcome.FAIL, "http_status": 503}]], cause=Cause.KSEF_UNAVAILABLE)
    for _ in range(4):
        _finished()

    body = client.get("/stan-ksef/").content.decode()
    test = body[body.index('id="week-test"') : body.index('id="week-demo"')]
    assert test.count('<svg class="chart-svg"') == 4
    assert '<title id="test-5xx-t">Próby, w których KSeF odpowiedział błędem 5xx</title>' in test
    # 07:00 UTC is 08:00 in Warsaw; the hidden table gives the hour's numbers.
    assert '<th scope="row">2026-11-25 08:00</th><td>20%</td>' in test
    assert '<th scope="row">2026-11-25 08:00</th><td>80%</td><td>20%</td>' in test  # verdicts
    assert "Przedziały bez danych: 167 z 168." in test
    assert '<svg class="chart-svg"' not in body[body.index('id="week-demo"') :]  # no data there
    assert "<script>" not in body and "1234563218" not in body

    # The minute's refresh carries the status only: the charts change once an hour.
    fragment = client.get("/stan-ksef/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="env-test"' in fragment and "<svg" not in fragment and "<html" not in fragment


@pytest.mark.django_db
def test_the_english_page_names_the_charts_in_english(client):
    for _ in range(5):
        _finished()
    body = client.get("/en/stan-ksef/").content.decode()
    assert "Attempts in which KSeF did not answer in time (time-out)" in body
    assert "The last 7 days, hour by hour" in body and "Verdicts of finished checks" in body


@pytest.mark.django_db
def test_the_json_lists_the_hours_with_checks_and_nulls_under_five(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo"]
    for _ in range(5):
        _finished([[{"http_status": 429}], [{}]], cause=Cause.RATE_LIMITED)
    _finished(at=START - timedelta(hours=2))

    test_json, demo_json = client.get("/api/v1/ksef-status/").json()["environments"]
    assert test_json["hourly"] == [
        {
            "hour": "2026-11-25T06:00:00+00:00",
            "attempts": 1,
            "shares": None,
            "finishedChecks": 1,
            "verdicts": None,
        },
        {
            "hour": "2026-11-25T07:00:00+00:00",
            "attempts": 10,
            "shares": {"5xx": 0.0, "timeout": 0.0, "429": 0.5},
            "finishedChecks": 5,
            "verdicts": {"rate-limited": 1.0},
        },
    ]
    assert demo_json["hourly"] == []


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_with_5_and_50_checks(client):
    def page_queries() -> int:
        cache.clear()  # the dearest view: the aggregates computed afresh
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/stan-ksef/").status_code == 200
        return len(queries.captured_queries)

    def add_checks(n: int) -> None:
        for i in range(n):
            _finished(
                [[{"http_status": 503}], [{}]],
                at=START - timedelta(hours=i % 30, minutes=5),
                cause=Cause.SESSION_OK if i % 2 else Cause.SCOPE,
            )

    add_checks(5)
    with CaptureQueriesContext(connection) as computing:
        hourly.compute(START)
    assert len(computing.captured_queries) == 2
    with_5 = page_queries()
    add_checks(45)
    assert page_queries() == with_5
