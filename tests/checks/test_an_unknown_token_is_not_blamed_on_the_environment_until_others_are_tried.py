"""450 "Nieprawidłowy token" says only that this environment does not know the token: until the
check has tried the other environments, the verdict lists the possibilities instead of
asserting another environment."""

from __future__ import annotations

from portal.checks.causes import Cause
from portal.checks.diagnosis import Observation, read
from portal.checks.verdicts import explain, title
from portal.ksef.errors import KsefAuthFailed
from portal.ksef.protocol import AuthStatus
from portal.lib.environments import environment_label

INVALID = KsefAuthFailed(AuthStatus(450, "opis", ("Nieprawidłowy token",)), "ref")


def test_without_the_other_environments_tried_the_possibilities_are_listed():
    reading = read(Observation(auth_error=INVALID), nip="1234563218", environment="prod")

    assert reading.cause == Cause.TOKEN_UNRECOGNISED
    text = explain(reading.cause, reading.facts)
    for possibility in ("z innego środowiska", "z błędem", "usunięty", "z KSeF 1.0"):
        assert possibility in text
    assert title(reading.cause, reading.facts) == (
        f"Środowisko {environment_label('prod')} nie rozpoznaje tego tokenu"
    )


def test_another_environment_is_named_only_where_the_token_worked():
    tried = Observation(auth_error=INVALID, other_environments_tried=True, found_in=["demo"])

    reading = read(tried, nip="1234563218", environment="prod")

    assert (reading.cause, reading.facts["confirmed_in"]) == (Cause.WRONG_ENVIRONMENT, "demo")


def test_the_check_without_consent_does_not_say_the_token_is_from_elsewhere(runner, client):
    check = runner.until_done(runner.start("wrong-environment"))

    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert check.cause == Cause.TOKEN_UNRECOGNISED
    assert "Token pochodzi z innego środowiska" not in page
    assert "zgodą na sprawdzenie pozostałych" in page
