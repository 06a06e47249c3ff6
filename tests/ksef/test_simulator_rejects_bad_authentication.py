"""The simulator checks the crypto and the order of calls exactly as KSeF does."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from portal.ksef import client as client_module
from portal.ksef import crypto
from portal.ksef.errors import KsefAuthFailed, KsefHttpError, KsefResponseError
from portal.ksef.protocol import CertificateUsage, FormCode
from portal.simulator import clock, keys
from portal.simulator.scenarios import BY_NAME

OK = BY_NAME["ok"]


def _status_after_submit(client, challenge, token=OK.token):  # type: ignore[no-untyped-def]
    init = client.authenticate_ksef_token(challenge=challenge, nip=OK.nip, token=token)
    return client.authentication_status(init.reference_number, init.authentication_token)


def test_token_encrypted_with_another_key_fails_as_bad_encryption(scenarios, ksef_client):
    client = ksef_client()
    real = client.certificate_for(CertificateUsage.KSEF_TOKEN_ENCRYPTION)
    other = crypto.generate_private_key()
    forged = dataclasses.replace(
        real,
        certificate=crypto.certificate_der_base64(
            crypto.self_signed_certificate(
                other,
                common_name="forged",
                valid_from=clock.now() - timedelta(days=1),
                valid_to=clock.now() + timedelta(days=1),
            )
        ),
    )
    client.certificate_for = lambda usage, refresh=False: forged  # type: ignore[method-assign]
    status = _status_after_submit(client, client.challenge())
    assert (status.code, status.details) == (450, ("Nieprawidłowe szyfrowanie tokena",))


def test_token_with_another_timestamp_fails_as_bad_time(scenarios, ksef_client):
    client = ksef_client()
    challenge = client.challenge()
    wrong = dataclasses.replace(challenge, timestamp_ms=challenge.timestamp_ms - 1)
    status = _status_after_submit(client, wrong)
    assert (status.code, status.details) == (450, ("Nieprawidłowy czas tokena",))


def test_a_challenge_serves_only_once(scenarios, ksef_client):
    client = ksef_client()
    challenge = client.challenge()
    assert _status_after_submit(client, challenge).code == 200
    with pytest.raises(KsefHttpError) as error:
        client.authenticate_ksef_token(challenge=challenge, nip=OK.nip, token=OK.token)
    assert (error.value.status, error.value.exception_codes) == (400, [21111])


def test_a_challenge_expires_after_ten_minutes(scenarios, ksef_client):
    client = ksef_client()
    challenge = client.challenge()
    clock.advance(10 * 60 + 1)
    with pytest.raises(KsefHttpError) as error:
        client.authenticate_ksef_token(challenge=challenge, nip=OK.nip, token=OK.token)
    assert error.value.exception_codes == [21111]


def test_tokens_are_redeemed_only_once(scenarios, ksef_client):
    client = ksef_client()
    auth = client.authenticate_with_token(OK.nip, OK.token)
    with pytest.raises(KsefHttpError) as error:
        client.redeem_token(auth.authentication_token)
    assert (error.value.status, error.value.exception_codes) == (400, [21301])
    assert "zostały już pobrane" in error.value.exception_details[0]["details"][0]


def test_redeem_before_success_is_refused(scenarios, ksef_client, settings):
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 5
    client = ksef_client()
    init = client.authenticate_ksef_token(challenge=client.challenge(), nip=OK.nip, token=OK.token)
    assert (
        client.authentication_status(init.reference_number, init.authentication_token).code == 100
    )
    with pytest.raises(KsefHttpError) as error:
        client.redeem_token(init.authentication_token)
    assert error.value.exception_codes == [21301]


def test_polling_waits_through_status_100_with_the_injected_sleep(scenarios, ksef_client, settings):
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 3
    client = ksef_client()
    steps = []
    auth = client.authenticate_with_token(
        OK.nip, OK.token, poll_interval=1.0, max_wait=10, sleep=clock.advance, on_step=steps.append
    )
    status_step = next(step for step in steps if step.step == "status")
    assert auth.status.code == 200
    assert (status_step.polls, status_step.auth_status_code) == (4, 200)


def test_unsupported_form_code_is_a_validation_error(scenarios, ksef_client):
    client = ksef_client()
    auth = client.authenticate_with_token(OK.nip, OK.token)
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(
            auth.tokens.access_token, form_code=FormCode("FA (3)", "1-0", "FA")
        )
    assert (error.value.status, error.value.exception_codes) == (400, [21405])
    assert error.value.is_problem_details


def test_initialization_vector_length_is_checked(scenarios, ksef_client, monkeypatch):
    client = ksef_client()
    auth = client.authenticate_with_token(OK.nip, OK.token)
    monkeypatch.setattr(
        client_module.crypto,
        "new_session_key",
        lambda: crypto.SessionKey(key=b"k" * 32, initialization_vector=b"i" * 12),
    )
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(auth.tokens.access_token)
    assert error.value.exception_codes == [21405]
    assert "Wektor inicjalizujący" in error.value.exception_details[0]["details"][0]


def test_retired_public_key_is_refetched_once_on_21470(scenarios, ksef_client):
    client = ksef_client()
    old = client.certificate_for(CertificateUsage.KSEF_TOKEN_ENCRYPTION)
    keys.rotate("test", CertificateUsage.KSEF_TOKEN_ENCRYPTION)

    init = client.authenticate_ksef_token(challenge=client.challenge(), nip=OK.nip, token=OK.token)

    assert [(e.method, e.path, e.status) for e in client.exchanges[-3:]] == [
        ("POST", "/auth/ksef-token", 400),
        ("GET", "/security/public-key-certificates", 200),
        ("POST", "/auth/ksef-token", 202),
    ]
    assert client.certificate_for(CertificateUsage.KSEF_TOKEN_ENCRYPTION) != old
    assert (
        client.authentication_status(init.reference_number, init.authentication_token).code == 200
    )


def test_a_bad_status_raises_auth_failed_and_reports_the_failed_step(scenarios, ksef_client):
    client = ksef_client()
    steps = []
    scenario = BY_NAME["no-rights"]
    with pytest.raises(KsefAuthFailed):
        client.authenticate_with_token(scenario.nip, scenario.token, on_step=steps.append)
    assert [(step.step.value, step.ok) for step in steps] == [
        ("certificates", True),
        ("challenge", True),
        ("ksef-token", True),
        ("status", False),
    ]
    assert steps[-1].auth_status_code == 415


def test_tokens_of_one_environment_are_unknown_to_another(scenarios, ksef_client):
    with pytest.raises(KsefAuthFailed) as failure:
        ksef_client("demo").authenticate_with_token(OK.nip, OK.token)
    assert failure.value.status.details == ("Nieprawidłowy token",)


def test_a_session_cannot_be_closed_twice(scenarios, ksef_client):
    client = ksef_client()
    auth = client.authenticate_with_token(OK.nip, OK.token)
    session = client.open_online_session(auth.tokens.access_token)
    client.close_online_session(auth.tokens.access_token, session.reference_number)
    with pytest.raises(KsefHttpError) as error:
        client.close_online_session(auth.tokens.access_token, session.reference_number)
    assert error.value.exception_codes == [21180]


def test_a_2xx_answer_that_is_not_json_is_a_response_error(
    live_server, django_db_serialized_rollback, monkeypatch
):
    # The simulator's scenario page is HTML with status 200: point one call at it.
    monkeypatch.setattr(client_module.ApiPath, "PUBLIC_KEY_CERTIFICATES", "/ksef-sim/")
    client = client_module.KsefClient(live_server.url, timeout=5)
    with pytest.raises(KsefResponseError) as error:
        client.public_key_certificates()
    client.close()
    assert (error.value.status, error.value.problem) == (200, "the body is not JSON")
    assert error.value.body is not None and "<html" in error.value.body


def test_a_context_that_is_not_a_valid_nip_is_a_validation_error(scenarios, ksef_client):
    # 21117 belongs to /auth/xades-signature only; /auth/ksef-token lists 21405 for this.
    client = ksef_client()
    with pytest.raises(KsefHttpError) as error:
        client.authenticate_ksef_token(
            challenge=client.challenge(), nip="1234567890", token=OK.token
        )
    assert (error.value.status, error.value.exception_codes) == (400, [21405])


@pytest.mark.django_db
def test_deeply_nested_json_is_an_unreadable_body_not_a_server_error(client, scenarios):
    body = "[" * 100_000 + "]" * 100_000
    client.raise_request_exception = False
    response = client.post(
        "/ksef-sim/test/v2/auth/ksef-token", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "21001" in response.content.decode()
