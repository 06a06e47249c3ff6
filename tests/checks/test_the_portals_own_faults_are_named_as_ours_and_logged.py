"""A fault of the portal is worded as the portal's, never as KSeF's, and is logged with its
exception: a bug in an attempt, a certificate the portal could not use, and the 450 details
that only the portal's own request can earn (challenge, timestamp, encryption)."""

from __future__ import annotations

import logging

import pytest
from django.utils import timezone

from portal.checks import lifecycle, runner
from portal.checks.causes import Cause
from portal.checks.diagnosis import Observation, read
from portal.checks.models import Status
from portal.checks.verdicts import VERDICTS
from portal.ksef import crypto
from portal.ksef.errors import KsefAuthFailed, KsefCertificateError
from portal.ksef.protocol import AuthStatus, AuthStatusDetail
from tests.checks.factories import FixedClock, make_check


@pytest.mark.parametrize(
    "detail",
    [
        AuthStatusDetail.INVALID_CHALLENGE,
        AuthStatusDetail.INVALID_TOKEN_TIME,
        AuthStatusDetail.INVALID_ENCRYPTION,
    ],
)
def test_a_450_only_the_portals_request_can_earn_is_the_portals_fault(detail):
    refused = KsefAuthFailed(AuthStatus(450, "opis", (detail,)), "ref")

    reading = read(Observation(auth_error=refused), nip="1234563218", environment="test")

    assert reading.cause == Cause.PORTAL_FAULT
    assert detail in reading.facts["failure"]


def test_no_certificate_to_encrypt_with_is_the_portals_fault():
    missing = KsefCertificateError("no public-key certificate valid now for KsefTokenEncryption")

    reading = read(Observation(auth_error=missing), nip="1234563218", environment="test")

    assert reading.cause == Cause.PORTAL_FAULT


def test_the_portals_fault_is_not_worded_as_ksefs():
    verdict = VERDICTS[Cause.PORTAL_FAULT]
    words = " ".join(
        str(text) for text in (verdict.title, verdict.explanation, *verdict.next_steps)
    )

    assert "po naszej stronie" in str(verdict.title)
    assert "KSeF odpowiedział" not in words
    assert "Zgłoś sprawę wsparciu KSeF" not in words
    assert Cause.PORTAL_FAULT not in lifecycle.OUTAGE_LIKE


@pytest.mark.django_db
def test_a_bug_in_an_attempt_is_logged_with_its_exception_and_named_ours(
    monkeypatch, caplog, client
):
    now = timezone.now()
    check = make_check(now, status=Status.RUNNING, attempts=1)

    def parse_fails(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise crypto.CryptoError("the certificate is not base64-encoded DER X.509")

    monkeypatch.setattr(runner, "run_attempt", parse_fails)
    with caplog.at_level(logging.ERROR, logger="portal.checks"):
        lifecycle.attempt(check, FixedClock(now))

    check.refresh_from_db()
    assert check.cause == Cause.PORTAL_FAULT
    assert check.facts["failure"] == "portal error (CryptoError)"
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is crypto.CryptoError
    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert "Sprawdzenie nie powiodło się po naszej stronie" in page
    assert "wsparciu KSeF" not in page


@pytest.mark.django_db
def test_a_450_of_the_portals_encryption_is_logged_with_ksefs_answer(monkeypatch, caplog):
    now = timezone.now()
    check = make_check(now, status=Status.RUNNING, attempts=1)
    refused = KsefAuthFailed(
        AuthStatus(450, "opis", (AuthStatusDetail.INVALID_ENCRYPTION,)), "20261125-AU-1"
    )
    monkeypatch.setattr(runner, "run_attempt", lambda *a: Observation(auth_error=refused))

    with caplog.at_level(logging.ERROR, logger="portal.checks"):
        lifecycle.attempt(check, FixedClock(now))

    check.refresh_from_db()
    assert check.cause == Cause.PORTAL_FAULT
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged[0].exc_info and logged[0].exc_info[1] is refused
