"""/stan-ksef/ at a glance: one row per environment, in the order of settings and before anything
else, with Latarnia's status, when Latarnia was last read, and the portal's own medians (of the
last 24 hours, else of the last 7 days)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Outcome, Status, StepName
from portal.latarnia.models import LatarniaReading
from tests.checks.factories import add_step, make_check, make_propagated_check
from tests.status.conftest import START


def _row(body: str, environment: str) -> str:
    start = body.index(f'<section class="status-row" id="env-{environment}"')
    return body[start : body.index("</section>", start)]


def _authenticated(at: datetime, env: str = "prod") -> None:
    """A check that finished at ``at`` after an authentication of 1.5 s and no session."""
    check = make_check(
        at, environment=env, status=Status.DONE, cause=Cause.SCOPE, finished_at=at, attempts=1
    )
    add_step(check, StepName.CHALLENGE, Outcome.OK, duration_ms=500)
    add_step(check, StepName.ACCESS_TOKEN, Outcome.OK, duration_ms=1000)


@pytest.mark.django_db
def test_each_environment_has_one_row_with_its_status_and_reading_time(
    client, settings, frozen_clock
):
    settings.KSEF_ENVIRONMENTS = ["test", "demo", "prod"]
    LatarniaReading.objects.create(
        environment="prod", status="AVAILABLE", read_at=START, since=START - timedelta(hours=2)
    )
    LatarniaReading.objects.create(
        environment="demo", status="FAILURE", read_at=START, since=START - timedelta(minutes=20)
    )
    frozen_clock.sleep(120)

    body = client.get("/stan-ksef/").content.decode()

    assert body.count('class="status-row"') == 3
    rows = [body.index(f'id="env-{env}"') for env in ("test", "demo", "prod")]
    assert rows == sorted(rows) and rows[-1] < body.index('id="ksef-details"')
    prod = _row(body, "prod")
    assert '<strong>Działa</strong> <span class="status-since">(od 07:00)</span></p>' in prod
    assert '<p class="status-state ok">' in prod
    assert "Latarnia: odczyt 09:00" in prod
    demo = _row(body, "demo")
    assert '<strong>Awaria</strong> <span class="status-since">(od 08:40)</span></p>' in demo
    assert '<p class="status-state bad">' in demo
    assert "Latarnia: odczyt 09:00" in demo
    test = _row(body, "test")
    assert "<strong>Stan nieznany</strong>" in test
    assert "portal jeszcze nie zapytał Latarni" in test


@pytest.mark.django_db
def test_a_row_gives_the_days_medians_or_the_weeks_where_the_day_has_too_few(client, settings):
    settings.KSEF_ENVIRONMENTS = ["prod"]
    for minutes in (2, 4, 6, 8, 30):
        make_propagated_check(START - timedelta(hours=1), minutes, env="prod")
    for _ in range(5):
        _authenticated(START - timedelta(days=2))

    prod = _row(client.get("/stan-ksef/").content.decode(), "prod")

    figures = prod[prod.index('<dl class="status-figures">') :]
    assert "<dt>Propagacja uprawnień</dt><dd>6 min</dd>" in figures
    assert '<dt>Uwierzytelnienie</dt><dd>1,5 s <span class="meta">(7 dni)</span></dd>' in figures
    assert (
        '<dt>Otwarcie sesji</dt><dd><span aria-hidden="true">—</span>'
        '<span class="visually-hidden">za mało sprawdzeń</span></dd>'
    ) in figures


@pytest.mark.django_db
def test_an_environment_without_figures_says_so_in_its_row(client, settings):
    settings.KSEF_ENVIRONMENTS = ["demo"]
    for minutes in (2, 4, 6, 8):  # one short of a figure
        make_propagated_check(START - timedelta(hours=1), minutes, env="demo")

    demo = _row(client.get("/stan-ksef/").content.decode(), "demo")

    assert '<p class="status-figures meta">Za mało sprawdzeń, by podać czasy.</p>' in demo
    assert "<dl" not in demo


@pytest.mark.django_db
def test_the_english_row_reads_in_english(client, settings):
    settings.KSEF_ENVIRONMENTS = ["prod"]
    LatarniaReading.objects.create(
        environment="prod", status="AVAILABLE", read_at=START, since=START
    )
    for minutes in (2, 4, 6, 8, 30):
        make_propagated_check(START - timedelta(hours=1), minutes, env="prod")

    prod = _row(client.get("/en/stan-ksef/").content.decode(), "prod")

    assert '<strong>Available</strong> <span class="status-since">(since 09:00)</span>' in prod
    assert "Latarnia: read at 09:00" in prod
    assert "<dt>Permission propagation</dt><dd>6 min</dd>" in prod
    assert "<dt>Session opening</dt>" in prod
