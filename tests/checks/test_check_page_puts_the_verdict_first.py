"""The check's page for a person in a hurry: the verdict or the state first, then the summary
for support, then the steps, attempt by attempt, the earlier ones folded."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.checks.models import Outcome, Status, StepName
from portal.checks.readings import RetryReason
from tests.checks.factories import add_step, make_check
from tests.checks.test_check_page_summary_for_support import START, propagation_check

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_verdict_comes_first_then_the_summary_then_the_steps(client):
    check = propagation_check()

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    verdict = body.index('id="check-verdict"')
    assert body.index('id="verdict-title"') > verdict
    assert verdict < body.index('id="check-summary"') < body.index('id="check-steps"')


@pytest.mark.django_db
def test_earlier_attempts_are_folded_into_one_line_and_the_latest_is_open(client):
    check = propagation_check()

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    details = re.findall(r"<details[^>]*>\s*<summary>([^<]*)</summary>", body)
    assert details == [
        "Próba 1, 10:00:00: udane kroki: 1 z 2; Otwarcie sesji: nieudane (HTTP 403, reasonCode "
        "missing-permissions, exceptionCode 21401, obecne: InvoiceRead); Kolejna próba: "
        "oczekiwanie (60 s)",
        "Próba 2, 10:01:00: udane kroki: 1 z 2; Otwarcie sesji: nieudane (HTTP 403, reasonCode "
        "missing-permissions, exceptionCode 21401, obecne: InvoiceRead); Kolejna próba: "
        "oczekiwanie (60 s)",
        "Próba 3, 10:02:00: udane kroki: 3 z 3",
    ]
    assert body.count("<details") == 3
    assert body.count('<details class="attempt" open>') == 1
    assert body.rindex("<details") == body.index('<details class="attempt" open>')
    # Folded, not lost: each step of the first attempt is still on the page, with its trace id.
    assert "traceId trace-1" in body


@pytest.mark.django_db
def test_a_poll_keeps_the_folded_attempts_the_reader_opened(client):
    check = propagation_check()

    body = client.get(f"/sprawdz-sesje/{check.public_id}/?seen=0", **HTMX).content.decode()

    assert '<details class="attempt" id="attempt-1" hx-preserve="true">' in body
    assert '<details class="attempt" id="attempt-2" hx-preserve="true">' in body


@pytest.mark.django_db
def test_the_state_of_a_waiting_check_is_announced_once_and_without_the_countdown(
    client, simulated_clock
):
    check = make_check(
        START,
        status=Status.WAITING,
        attempts=1,
        next_attempt_at=START + timedelta(seconds=40),
        deadline=START + timedelta(minutes=15),
        retry_reason=RetryReason.PROPAGATION,
    )
    add_step(check, StepName.SESSION_OPEN, Outcome.FAIL, reason_code="missing-permissions")
    add_step(check, StepName.RETRY, Outcome.WAIT, detail="40 s")
    page = f"/sprawdz-sesje/{check.public_id}/"

    news = client.get(f"{page}?seen=1", **HTMX).content.decode()
    again = client.get(f"{page}?seen=2", **HTMX).content.decode()

    announcer = re.search(r'<div id="check-announcer" hx-swap-oob="innerHTML">(.*?)</div>', news)
    assert announcer is not None
    assert announcer.group(1) == (
        "<p>Próba 1 z maks. 16: uprawnienia jeszcze niewidoczne w KSeF. Następna o 10:00:40.</p>"
    )
    assert "check-announcer" not in again
    # The countdown is on the page, outside the live region, refreshed by each poll.
    assert '<span class="countdown">(za ok. 40 s)</span>' in again


@pytest.mark.django_db
def test_summary_is_selectable_text_with_a_copy_button_for_scripts(client):
    check = propagation_check()

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert re.search(r'<pre id="check-summary-text" class="summary">Sprawdzenie sesji KSeF', body)
    assert 'data-copy="check-summary-text"' in body
    assert "<script>" not in body  # the button's behaviour is in static/js/site.js (CSP)
