"""The diagnosis of a signed login alone, on each of KSeF's answers to a signed AuthTokenRequest
(OpenAPI: POST /auth/xades-signature and the authentication status table): no KSeF, no
database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from portal.checks.causes import Cause
from portal.checks.diagnosis import Grant, History, Observation, decide
from portal.checks.readings import RetryReason
from portal.checks.verdicts import explain, next_steps, title
from portal.ksef.errors import (
    KsefAuthFailed,
    KsefAuthTimeout,
    KsefHttpError,
    KsefTransportError,
    TransportErrorKind,
)
from portal.ksef.protocol import AUTH_STATUS_DESCRIPTIONS, AuthStatus, AuthStatusCode

NIP = "1234563218"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HISTORY = History(created_at=NOW, deadline=NOW + timedelta(minutes=15))
SIGNER = {"nip": NIP, "signer": "PESEL 85*******46", "auth_reference": "20261125-AU-1"}


def status(code: int, *details: str) -> KsefAuthFailed:
    description = AUTH_STATUS_DESCRIPTIONS[AuthStatusCode(code)]
    return KsefAuthFailed(AuthStatus(code=code, description=description, details=details), "ref")


def signed(error: Exception, *, spent: bool = False) -> Observation:
    return Observation(signed=True, auth_error=error, credential_spent=spent)  # type: ignore[arg-type]


def decided(observation: Observation, history: History = HISTORY, now: datetime = NOW):  # type: ignore[no-untyped-def]
    return decide(observation, history, nip=NIP, environment="demo", now=now)


def words(decision) -> str:  # type: ignore[no-untyped-def]
    facts = {**SIGNER, **decision.facts}
    cause = decision.cause
    return " ".join([title(cause, facts), explain(cause, facts), *next_steps(cause, facts)])


def test_415_is_the_signer_without_a_right_to_act_for_the_nip():
    decision = decided(signed(status(415, "Brak przypisanych uprawnień"), spent=True))

    assert decision.cause == Cause.SIGNATURE_NO_RIGHTS
    text = words(decision)
    assert f"Podpisujący nie ma prawa działać w imieniu NIP {NIP}" in text
    assert "statusem 415: Uwierzytelnianie zakończone niepowodzeniem; Brak przypisanych" in text
    assert "odczytał podpisującego jako PESEL 85*******46" in text
    assert "ZAW-FA" in text and "CredentialsManage" in text


def test_the_same_415_with_a_token_stays_the_tokens_verdict():
    observation = Observation(auth_error=status(415, "Brak przypisanych uprawnień"))

    assert decided(observation).cause == Cause.NO_RIGHTS_FOR_NIP


@pytest.mark.parametrize(
    ("detail", "hint"),
    [
        ("Nieważny certyfikat", "najczęściej wygasł albo jeszcze nie zaczął obowiązywać"),
        ("Błąd weryfikacji łańcucha certyfikatów", "nie zweryfikował łańcucha certyfikatów"),
        ("Niezaufany łańcuch certyfikatów", "tylko na środowisku testowym"),
        ("Certyfikat odwołany", "odwołany przez wystawcę"),
        ("Certyfikat zawieszony", "zawieszony przez wystawcę"),
        # The OpenAPI's own examples end the details with a full stop.
        ("Niepoprawny certyfikat.", "KSeF nie podaje szczegółów"),
    ],
)
def test_each_certificate_problem_of_460_is_explained(detail, hint):
    decision = decided(signed(status(460, detail), spent=True))

    assert decision.cause == Cause.CERTIFICATE_REFUSED
    assert hint in words(decision)


def test_470_names_the_signer_and_the_reference_to_report():
    detail = "Próba wykorzystania metod autoryzacyjnych osoby zmarłej"
    decision = decided(signed(status(470, detail), spent=True))

    assert decision.cause == Cause.DECEASED_PERSON
    text = words(decision)
    assert detail in text
    assert "20261125-AU-1" in text


def test_480_is_the_security_block():
    detail = "Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z Ministerstwem Finansów."
    decision = decided(signed(status(480, detail), spent=True))

    assert decision.cause == Cause.SECURITY_BLOCK
    assert detail in decision.facts["ksef_detail"]


@pytest.mark.parametrize(
    ("code", "details"),
    [(500, ()), (550, ("Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu.",))],
)
def test_500_and_550_end_at_once_asking_for_a_new_signature(code, details):
    decision = decided(signed(status(code, *details), spent=True))

    assert decision.cause == Cause.SIGNED_LOGIN_UNFINISHED
    assert decision.next_attempt_at is None
    text = words(decision)
    assert f"KSeF zakończył uwierzytelnienie statusem {code}:" in text
    assert "wymaga nowego wniosku i nowego podpisu" in text


def test_no_answer_to_the_signed_request_cannot_be_retried_without_a_new_signature():
    error = KsefTransportError(
        kind=TransportErrorKind.TIMEOUT,
        method="POST",
        path="/auth/xades-signature",
        reason="read timed out",
    )

    decision = decided(signed(error, spent=True))

    assert decision.cause == Cause.SIGNED_LOGIN_UNFINISHED
    assert "gdy portal wysyłał wniosek (timeout, /auth/xades-signature)" in words(decision)


def test_a_5xx_while_polling_the_status_is_retried_with_the_authentication_held():
    error = KsefHttpError(
        status=503, method="GET", path="/auth/ref", content_type="", body="", headers={}
    )

    decision = decided(signed(error, spent=False))

    assert decision.retry == RetryReason.KSEF_TRANSIENT


def test_status_100_waits_for_the_certificate_check_until_the_window_ends():
    waiting = decided(signed(KsefAuthTimeout("ref", 20.0)))

    assert waiting.retry == RetryReason.CERTIFICATE_CHECK
    assert waiting.history.first_denied_at is None
    assert waiting.history.transient_failures == 0

    late = NOW + timedelta(minutes=14, seconds=30)
    ended = decided(signed(KsefAuthTimeout("ref", 20.0)), now=late)

    assert ended.cause == Cause.SIGNED_LOGIN_UNFINISHED
    assert ended.facts["unfinished"] == "certificate-check"
    assert "Przez 15 min KSeF wciąż sprawdzał certyfikat podpisu" in words(ended)


@pytest.mark.parametrize(
    ("code", "description", "hint"),
    [
        (9105, "Nieprawidłowy podpis.", "plik zmieniono po podpisaniu"),
        (21111, "Nieprawidłowe wyzwanie autoryzacyjne.", "minęło 10 minut"),
        (21115, "Nieprawidłowy certyfikat.", "kogo uwierzytelnia (PESEL, NIP)"),
        (9102, "Brak podpisu.", "nie ma podpisu"),
        (21401, "Dokument nie jest zgodny ze schemą (xsd).", "schemą AuthTokenRequest"),
    ],
)
def test_each_refusal_of_the_signed_request_is_explained(code, description, hint):
    body = {
        "exception": {
            "exceptionDetailList": [
                {
                    "exceptionCode": code,
                    "exceptionDescription": description,
                    "details": ["Podpis zweryfikowany negatywnie."] if code == 9105 else [],
                }
            ]
        }
    }
    error = KsefHttpError(
        status=400,
        method="POST",
        path="/auth/xades-signature",
        content_type="application/json",
        body=json.dumps(body),
        headers={},
    )

    decision = decided(signed(error, spent=True))

    assert decision.cause == Cause.SIGNED_REQUEST_REFUSED
    assert decision.facts["exception_code"] == code
    text = words(decision)
    assert f"kod {code}: {description}" in text
    assert hint in text


def test_a_signed_session_that_opened_is_the_signed_verdict_and_after_a_wait_propagation():
    opened = Observation(signed=True, authenticated=True, grants=[], session_opened=True)

    assert decided(opened).cause == Cause.SIGNED_SESSION_OK
    denied = History(
        created_at=NOW,
        deadline=NOW + timedelta(minutes=15),
        first_denied_at=NOW,
        denied_for="propagation",
    )
    assert decided(opened, denied, NOW + timedelta(minutes=3)).cause == Cause.PROPAGATION


def test_a_signed_login_without_invoice_write_yet_waits_instead_of_blaming_a_token_scope():
    missing = KsefHttpError(
        status=403,
        method="POST",
        path="/sessions/online",
        content_type="application/problem+json",
        body=json.dumps(
            {
                "status": 403,
                "reasonCode": "missing-permissions",
                "security": {"presentPermissions": ["InvoiceRead"]},
            }
        ),
        headers={},
    )
    observation = Observation(
        signed=True,
        authenticated=True,
        grants=[Grant("InvoiceWrite", "Active"), Grant("InvoiceRead", "Active")],
        session_error=missing,
    )

    assert decided(observation).retry == RetryReason.PROPAGATION
