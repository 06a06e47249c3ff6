"""KSeF 1.0 tokens (64 hexadecimal characters) do not work with KSeF 2.0, which answers 450
"Nieprawidłowe kodowanie tokena" (#208, #360): the form explains it before anything is sent, and
that answer has a verdict of its own."""

from __future__ import annotations

import pytest

from portal.checks import lifecycle
from portal.checks.causes import Cause
from portal.checks.diagnosis import Observation, read
from portal.checks.models import SessionCheck
from portal.checks.verdicts import explain
from portal.ksef.errors import KsefAuthFailed
from portal.ksef.protocol import AuthStatus
from portal.simulator.scenarios import BY_NAME

KSEF1 = "0123456789ABCDEF" * 4


@pytest.mark.django_db
def test_the_form_explains_a_ksef1_token_and_starts_nothing(client):
    response = client.post("/sprawdz-sesje/", {"env": "test", "nip": "1234563218", "token": KSEF1})

    assert response.status_code == 400
    page = response.content.decode()
    assert "To wygląda na token z KSeF 1.0" in page
    assert "nie działają w KSeF 2.0" in page
    assert KSEF1 not in page
    assert 'value="1234563218"' in page  # the NIP typed is kept
    assert not SessionCheck.objects.exists()


def test_invalid_token_encoding_has_a_verdict_of_its_own():
    refused = KsefAuthFailed(AuthStatus(450, "opis", ("Nieprawidłowe kodowanie tokena",)), "ref")

    reading = read(Observation(auth_error=refused), nip="1234563218", environment="test")

    assert reading.cause == Cause.KSEF1_TOKEN
    assert "tokeny z KSeF 1.0" in explain(reading.cause, reading.facts)


def test_a_ksef1_token_that_reaches_ksef_gets_that_verdict(runner, simulated_clock):
    scenario = BY_NAME["ksef1-token"]
    check = lifecycle.start_check(
        lifecycle.NewCheck(scenario.environment.value, scenario.nip, scenario.token),
        client_key="test-client",
        now=simulated_clock.now(),
    )

    check = runner.until_done(check)

    assert check.cause == Cause.KSEF1_TOKEN
    assert check.steps.get(name="auth-status").auth_status == 450
