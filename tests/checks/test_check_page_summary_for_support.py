"""The plain-text summary a user pastes into a message to their vendor or KSeF's helpdesk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Outcome, Status, StepName
from portal.checks.presentation import check_page
from portal.checks.readings import RetryReason
from portal.checks.verdicts import VERDICTS
from tests.checks.factories import TOKEN, add_step, make_check

# 10:00 in Warsaw (CET, UTC+1), the portal's time zone.
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def propagation_check():  # type: ignore[no-untyped-def]
    """Two attempts refused with 403 missing-permissions, the third opened the session."""
    check = make_check(
        START, status=Status.DONE, cause=Cause.PROPAGATION, facts={"minutes": 2}, attempts=3
    )
    for attempt in (1, 2):
        at = START + timedelta(minutes=attempt - 1)
        add_step(check, StepName.AUTHENTICATION, Outcome.OK, attempt=attempt, started_at=at)
        add_step(
            check,
            StepName.SESSION_OPEN,
            Outcome.FAIL,
            attempt=attempt,
            started_at=at + timedelta(seconds=3),
            http_status=403,
            reason_code="missing-permissions",
            exception_codes=[21401],
            trace_id=f"trace-{attempt}",
            permissions=["InvoiceRead"],
        )
        add_step(check, StepName.RETRY, Outcome.WAIT, attempt=attempt, detail="60 s")
    at = START + timedelta(minutes=2)
    add_step(check, StepName.AUTHENTICATION, Outcome.OK, attempt=3, started_at=at)
    add_step(check, StepName.SESSION_OPEN, Outcome.OK, attempt=3, started_at=at, trace_id="trace-3")
    add_step(check, StepName.SESSION_CLOSE, Outcome.OK, attempt=3, started_at=at)
    return check


def summary(check) -> str:  # type: ignore[no-untyped-def]
    return str(check_page(check, now=START + timedelta(minutes=3), seen=None)["summary"])


@pytest.mark.django_db
def test_summary_says_where_whose_when_and_what_came_out():
    check = propagation_check()

    lines = summary(check).splitlines()

    assert lines[:6] == [
        "Sprawdzenie sesji KSeF (Portal pomocy KSeF)",
        f"Identyfikator sprawdzenia: {check.public_id}",
        "Środowisko: Testowe (api-test) — symulator",
        "NIP: 123*****18",
        "Rozpoczęto: 2026-11-25 10:00:00 CET (UTC+01:00)",
        f"Wynik: {VERDICTS[Cause.PROPAGATION].title}. Na początku KSeF odmawiał otwarcia sesji, "
        "bo nowe uprawnienia nie były jeszcze widoczne. Po 2 min nowe uwierzytelnienie dostało "
        "je i sesja została otwarta.",
    ]


@pytest.mark.django_db
def test_summary_quotes_the_failed_call_of_each_attempt_and_the_opening_of_the_last():
    lines = summary(propagation_check()).splitlines()

    assert lines[6:] == [
        "Próba 1, 10:00:03: Otwarcie sesji: nieudane; HTTP 403; reasonCode missing-permissions; "
        "exceptionCode 21401; traceId trace-1",
        "Próba 2, 10:01:03: Otwarcie sesji: nieudane; HTTP 403; reasonCode missing-permissions; "
        "exceptionCode 21401; traceId trace-2",
        "Próba 3, 10:02:00: Otwarcie sesji: udane; traceId trace-3",
    ]


@pytest.mark.django_db
def test_summary_of_a_check_under_way_gives_its_state_instead_of_a_verdict():
    check = make_check(
        START,
        status=Status.WAITING,
        attempts=1,
        next_attempt_at=START + timedelta(minutes=1),
        deadline=START + timedelta(minutes=15),
        retry_reason=RetryReason.PACED,
    )
    add_step(check, StepName.PACING, Outcome.WAIT, detail="30 s")

    text = str(check_page(check, now=START, seen=None)["summary"])

    assert (
        "Wynik: Próba 1 z maks. 16: czekamy na wolne miejsce w limicie wywołań KSeF dla tego "
        "NIP. Następna o 10:01:00." in text
    )
    assert "Próba 1, 10:00:00: Kolejka do limitu KSeF: oczekiwanie" in text


@pytest.mark.django_db
def test_summary_holds_no_part_of_the_token_nor_the_whole_nip():
    text = summary(propagation_check())

    for part in TOKEN.split("|"):
        assert part not in text
    assert "1234563218" not in text


@pytest.mark.django_db
def test_summary_is_in_the_readers_language(client):
    check = propagation_check()

    body = client.get(f"/en/sprawdz-sesje/{check.public_id}/").content.decode()

    assert "Session check in KSeF (KSeF help portal)" in body
    assert "Started: 2026-11-25 10:00:00 CET (UTC+01:00)" in body
    assert "Attempt 1, 10:00:03: Session opened: failed; HTTP 403" in body
