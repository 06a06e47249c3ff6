"""Answers KSeF gives while it is catching up are tried again within the window rather than
ending the check: authentication status 500 "Nieznany błąd", 21301 "Status uwierzytelniania (100)"
right after status 200 (#567, ksef-client-csharp #188), and the CDN's JavaScript challenge page
with HTTP 200 (#264)."""

from __future__ import annotations

import json

import pytest

from portal.checks.causes import Cause
from portal.checks.diagnosis import Observation, read
from portal.checks.readings import RetryReason
from portal.ksef.errors import KsefAuthFailed, KsefHttpError, KsefResponseError
from portal.ksef.protocol import AuthStatus

NIP = "1234563218"


def redeem_21301(detail: str) -> KsefHttpError:
    body = {"exception": {"exceptionDetailList": [
        {"exceptionCode": 21301, "exceptionDescription": "Brak autoryzacji.", "details": [detail]}
    ]}}  # fmt: skip
    return KsefHttpError(
        status=400,
        method="POST",
        path="/auth/token/redeem",
        content_type="application/json",
        body=json.dumps(body),
        headers={},
    )


def test_authentication_status_500_is_tried_again():
    unknown = KsefAuthFailed(AuthStatus(500, "Nieznany błąd", ()), "ref")

    reading = read(Observation(auth_error=unknown), nip=NIP, environment="test")

    assert reading.retry == RetryReason.KSEF_TRANSIENT


def test_redeem_still_in_progress_right_after_200_is_tried_again():
    early = redeem_21301("Status uwierzytelniania (100) nie pozwala na pobranie tokenów.")

    reading = read(Observation(auth_error=early), nip=NIP, environment="test")

    assert reading.retry == RetryReason.KSEF_TRANSIENT


def test_tokens_already_redeemed_is_not_mistaken_for_a_passing_answer():
    redeemed = redeem_21301("Tokeny dla operacji uwierzytelniania X zostały już pobrane.")

    assert read(Observation(auth_error=redeemed), nip=NIP, environment="test").cause == (
        Cause.UNEXPECTED
    )


def test_the_cdns_javascript_challenge_with_200_is_tried_again():
    page = KsefResponseError(
        status=200,
        method="POST",
        path="/sessions/online",
        content_type="text/html",
        problem="expected status 201",
        body=None,
    )
    observation = Observation(authenticated=True, grants=[], session_error=page)

    assert read(observation, nip=NIP, environment="test").retry == RetryReason.KSEF_TRANSIENT


@pytest.mark.parametrize("name", ["auth-unknown-error", "redeem-in-progress", "js-challenge"])
def test_the_check_tries_again_and_opens_the_session(runner, name):
    check = runner.until_done(runner.start(name))

    assert check.cause == Cause.SESSION_OK
    assert check.attempts == 2
    assert check.steps.filter(name="session-close", outcome="ok").count() == 1
