"""Below the rows of /stan-ksef/, each environment's figures and hourly charts: drawn only where
some hour has a share; an environment without data is one line and no chart."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Outcome, Status, StepName, Transport
from tests.checks.factories import add_step, make_check, make_propagated_check
from tests.status.conftest import START

SVG = '<svg class="chart-svg"'


def _details(body: str, environment: str) -> str:
    """The environment's part of the details: a section, or a single paragraph."""
    start = body.index(f'id="week-{environment}"')
    tag = body.rindex("<", 0, start)
    closing = "</section>" if body.startswith("<section", tag) else "</p>"
    return body[tag : body.index(closing, start) + len(closing)]


def _finished_session(env: str, hours_ago: int) -> None:
    at = START - timedelta(hours=hours_ago)
    check = make_check(
        at, environment=env, status=Status.DONE, cause=Cause.SESSION_OK, finished_at=at, attempts=1
    )
    add_step(
        check, StepName.SESSION_OPEN, Outcome.OK, transport=Transport.ANSWERED, duration_ms=400
    )


@pytest.mark.django_db
def test_an_environment_without_data_says_so_in_one_line_and_draws_no_chart(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo"]
    for _ in range(5):
        _finished_session("test", hours_ago=1)

    body = client.get("/stan-ksef/").content.decode()

    test = _details(body, "test")
    assert test.startswith('<section class="card" id="week-test"')
    assert test.count(SVG) == 4
    assert "mediana 0,4 s, 90% sprawdzeń w 0,4 s (5 sprawdzeń)" in test
    demo = _details(body, "demo")
    assert demo == (
        '<p class="status-none" id="week-demo"><strong>Przedprodukcyjne (demo) — symulator'
        "</strong>: za mało danych (zakończonych sprawdzeń z 7 dni: 0).</p>"
    )
    assert body.count(SVG) == 4


@pytest.mark.django_db
def test_a_page_without_any_check_draws_no_chart(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo", "prod"]

    body = client.get("/stan-ksef/").content.decode()

    assert SVG not in body
    assert body.count('class="status-none"') == 3
    assert "status-windows" not in body


@pytest.mark.django_db
def test_figures_without_a_full_hour_show_the_table_and_say_why_there_is_no_chart(client, settings):
    settings.KSEF_ENVIRONMENTS = ["prod"]
    for hours_ago in range(1, 6):  # five checks, one an hour: a figure, but no hour's share
        make_propagated_check(START - timedelta(hours=hours_ago), 10, env="prod")

    prod = _details(client.get("/stan-ksef/").content.decode(), "prod")

    assert "mediana 10 min" in prod
    assert SVG not in prod
    assert "Brak wykresów: żadna godzina ostatnich 7 dni nie miała 5 sprawdzeń." in prod


@pytest.mark.django_db
def test_a_week_with_shares_of_attempts_but_no_finished_hour_draws_only_those_charts(
    client, settings
):
    settings.KSEF_ENVIRONMENTS = ["prod"]
    # Five checks whose steps ran an hour ago, finished in five different hours: the attempts'
    # hour has five checks, no hour has five finished ones.
    for n in range(5):
        finished = START - timedelta(minutes=30 + 60 * n)
        check = make_check(
            START - timedelta(hours=1),
            environment="prod",
            status=Status.DONE,
            cause=Cause.SESSION_OK,
            finished_at=finished,
            attempts=1,
        )
        add_step(check, StepName.CHALLENGE, Outcome.OK, transport=Transport.ANSWERED)

    prod = _details(client.get("/stan-ksef/").content.decode(), "prod")

    assert prod.count(SVG) == 3
    assert 'id="prod-5xx"' in prod and 'id="prod-verdicts"' not in prod
