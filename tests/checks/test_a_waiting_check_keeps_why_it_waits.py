"""A waiting check keeps the reason decide gave for trying again, and its page says it in words
from that reason, whatever the steps' details say; a finished check keeps none."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.checks.models import Outcome, Status, StepName
from portal.checks.readings import RetryReason
from tests.checks.conftest import START
from tests.checks.factories import add_step, make_check


def test_propagation_is_kept_while_waiting_and_cleared_by_the_verdict(runner):
    check = runner.start("propagation")
    check.refresh_from_db()
    assert (check.status, check.retry_reason) == (Status.WAITING, RetryReason.PROPAGATION)

    check = runner.until_done(check)

    assert (check.status, check.retry_reason) == (Status.DONE, "")


def _waiting(reason: str):  # type: ignore[no-untyped-def]
    return make_check(
        START,
        status=Status.WAITING,
        attempts=1,
        next_attempt_at=START + timedelta(minutes=1),
        retry_reason=reason,
    )


@pytest.mark.django_db
def test_the_page_says_why_from_the_reason_alone(client):
    check = _waiting(RetryReason.RATE_LIMITED)
    # Another step's words do not change the reason.
    add_step(check, StepName.SESSION_OPEN, Outcome.FAIL, reason_code="missing-permissions")

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert "Próba 1 z maks. 16: KSeF prosi o przerwę (HTTP 429)." in body
    assert "niewidoczne" not in body


@pytest.mark.django_db
def test_ksefs_own_trouble_names_the_call_that_met_it(client):
    check = _waiting(RetryReason.KSEF_TRANSIENT)
    add_step(check, StepName.CHALLENGE, Outcome.OK, http_status=200)
    add_step(check, StepName.SESSION_OPEN, Outcome.FAIL, http_status=503)

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert "Próba 1 z maks. 16: Otwarcie sesji: nieudane (HTTP 503)." in body
