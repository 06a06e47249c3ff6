"""A symmetric key KSeF cannot decrypt opens the session anyway (201); the session then shows
status 415 and cannot be closed (21180), as integrators report (CIRFMF/ksef-api issues 225, 641)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from portal.ksef import crypto
from portal.ksef.errors import KsefHttpError
from portal.ksef.protocol import CertificateUsage
from portal.simulator import clock
from portal.simulator.scenarios import BY_NAME

OK = BY_NAME["ok"]


def _with_key_encrypted_for_another_certificate(client):  # type: ignore[no-untyped-def]
    real = client.certificate_for(CertificateUsage.SYMMETRIC_KEY_ENCRYPTION)
    other = crypto.self_signed_certificate(
        crypto.generate_private_key(),
        common_name="another environment",
        valid_from=clock.now() - timedelta(days=1),
        valid_to=clock.now() + timedelta(days=1),
    )
    forged = dataclasses.replace(real, certificate=crypto.certificate_der_base64(other))
    original = client.certificate_for

    def certificate_for(usage, refresh=False):  # type: ignore[no-untyped-def]
        if usage == CertificateUsage.SYMMETRIC_KEY_ENCRYPTION:
            return forged
        return original(usage, refresh=refresh)

    client.certificate_for = certificate_for


def _status(contract_session, client, access_token, reference):  # type: ignore[no-untyped-def]
    response = contract_session.get(
        f"{client.base_url}/sessions/{reference}",
        headers={"Authorization": f"Bearer {access_token}"},
    )
    assert response.status_code == 200
    return response.json()["status"]


def test_a_session_with_a_key_that_does_not_decrypt_opens_then_shows_415(
    scenarios, ksef_client, contract_sessions
):
    client = ksef_client()
    access = client.authenticate_with_token(OK.nip, OK.token).tokens.access_token
    _with_key_encrypted_for_another_certificate(client)

    session = client.open_online_session(access)

    assert client.exchanges[-1].status == 201
    assert _status(contract_sessions[0], client, access, session.reference_number) == {
        "code": 415,
        "description": "Błąd odszyfrowania dostarczonego klucza",
        "details": ["Rozszyfrowania klucza symetrycznego zakończone błędem"],
    }
    with pytest.raises(KsefHttpError) as error:
        client.close_online_session(access, session.reference_number)
    assert error.value.exception_codes == [21180]
    assert "Status sesji 415" in error.value.exception_details[0]["details"][0]


def test_a_session_with_a_good_key_is_open_then_closed(scenarios, ksef_client, contract_sessions):
    client = ksef_client()
    access = client.authenticate_with_token(OK.nip, OK.token).tokens.access_token
    session = client.open_online_session(access)

    assert _status(contract_sessions[0], client, access, session.reference_number)["code"] == 100
    client.close_online_session(access, session.reference_number)
    assert _status(contract_sessions[0], client, access, session.reference_number)["code"] == 170
