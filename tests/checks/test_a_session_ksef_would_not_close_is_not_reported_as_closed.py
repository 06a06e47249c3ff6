"""A session KSeF opened and then refused to close (21180 on a session it marked 415, as in
CIRFMF/ksef-api #454) is not reported as "opened and closed": the verdict says what happened."""

from __future__ import annotations

import json

from portal.checks.causes import Cause
from portal.checks.diagnosis import Observation, read
from portal.checks.verdicts import explain
from portal.ksef.errors import KsefHttpError

CLOSE_21180 = KsefHttpError(
    status=400,
    method="POST",
    path="/sessions/online/20261125-SO-1/close",
    content_type="application/problem+json",
    body=json.dumps(
        {
            "status": 400,
            "errors": [
                {
                    "code": 21180,
                    "description": "Status sesji nie pozwala na wykonanie operacji.",
                    "details": ["Status sesji (415) uniemożliwia wysyłkę faktur."],
                }
            ],
        }
    ),
    headers={},
)


def test_a_refused_close_is_named_with_ksefs_words_and_the_sessions_status():
    opened = Observation(authenticated=True, grants=[], session_opened=True)
    opened.close_error = CLOSE_21180

    reading = read(opened, nip="1234563218", environment="demo")

    assert reading.cause == Cause.SESSION_NOT_CLOSED
    assert reading.facts["session_status"] == 415
    text = explain(reading.cause, reading.facts)
    assert "HTTP 400 21180 „Status sesji (415) uniemożliwia wysyłkę faktur.”" in text
    assert "Błąd odszyfrowania dostarczonego klucza" in text


def test_the_check_says_the_session_opened_and_was_not_closed(runner, client):
    check = runner.until_done(runner.start("session-not-closed"))

    assert check.cause == Cause.SESSION_NOT_CLOSED
    closing = check.steps.get(name="session-close")
    assert (closing.outcome, closing.http_status, closing.exception_codes) == ("fail", 400, [21180])
    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert "KSeF otworzył sesję, ale odmówił jej zamknięcia" in page
    assert "i ją zamknęliśmy" not in page
    assert "kończy ją sam po 12 godzinach" in page
