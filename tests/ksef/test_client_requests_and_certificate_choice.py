"""What every request carries, and which published certificate the client picks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests

from portal.ksef import crypto
from portal.ksef.client import KsefClient
from portal.ksef.errors import KsefAuthTimeout, KsefCertificateError, KsefHttpError
from portal.ksef.protocol import CertificateUsage
from portal.simulator import clock
from portal.simulator.scenarios import BY_NAME

OK = BY_NAME["ok"]
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_every_request_asks_for_json_and_problem_details_with_a_timeout(
    scenarios, ksef_client, monkeypatch
):
    client = ksef_client(timeout=7)
    seen: list[tuple[dict[str, str], object]] = []
    original = client.session.send

    def spy(request, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((dict(request.headers), kwargs.get("timeout")))
        return original(request, **kwargs)

    monkeypatch.setattr(client.session, "send", spy)
    auth = client.authenticate_with_token(OK.nip, OK.token)
    client.close_online_session(
        auth.tokens.access_token,
        client.open_online_session(auth.tokens.access_token).reference_number,
    )
    assert len(seen) == 7
    for headers, timeout in seen:
        assert headers["Accept"] == "application/json"
        assert headers["X-Error-Format"] == "problem-details"
        assert timeout == 7


def test_an_expired_access_token_gets_401_problem_details(scenarios, ksef_client):
    client = ksef_client()
    auth = client.authenticate_with_token(OK.nip, OK.token)
    clock.advance(15 * 60 + 1)
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(auth.tokens.access_token)
    assert (error.value.status, error.value.is_problem_details) == (401, True)


def test_polling_gives_up_after_max_wait_with_a_typed_error(scenarios, ksef_client, settings):
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 100
    with pytest.raises(KsefAuthTimeout) as error:
        ksef_client().authenticate_with_token(
            OK.nip,
            OK.token,
            poll_interval=1,
            max_wait=3,
            clock=lambda: clock.now().timestamp(),
            sleep=clock.advance,
        )
    assert error.value.waited_seconds == 3
    assert len(error.value.reference_number) == 36


def _certificate(valid_from: datetime, valid_to: datetime, usage: str, key_id: str) -> dict:
    key = _KEY
    cert = crypto.self_signed_certificate(
        key, common_name=key_id, valid_from=valid_from, valid_to=valid_to
    )
    return {
        "certificate": crypto.certificate_der_base64(cert),
        "certificateId": key_id,
        "publicKeyId": key_id,
        "validFrom": valid_from.isoformat(),
        "validTo": valid_to.isoformat(),
        "usage": [usage],
    }


_KEY = crypto.generate_private_key()


class _Certificates(requests.adapters.BaseAdapter):
    def __init__(self, body: list[dict]) -> None:
        super().__init__()
        self.body = body

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(self.body).encode()
        response.request = request
        return response

    def close(self) -> None:
        pass


def _client_with(body: list[dict]) -> KsefClient:
    session = requests.Session()
    session.mount("https://", _Certificates(body))
    return KsefClient("https://ksef.invalid/v2", timeout=1, session=session, now=lambda: NOW)


def test_the_latest_valid_certificate_of_the_right_usage_is_chosen():
    day = timedelta(days=1)
    client = _client_with(
        [
            _certificate(NOW - 30 * day, NOW - day, "KsefTokenEncryption", "expired"),
            _certificate(NOW - 20 * day, NOW + 9 * day, "KsefTokenEncryption", "older"),
            _certificate(NOW - 10 * day, NOW + 9 * day, "KsefTokenEncryption", "newer"),
            _certificate(NOW + day, NOW + 9 * day, "KsefTokenEncryption", "future"),
            _certificate(NOW - 5 * day, NOW + 9 * day, "SymmetricKeyEncryption", "other-usage"),
        ]
    )
    assert client.certificate_for(CertificateUsage.KSEF_TOKEN_ENCRYPTION).public_key_id == "newer"
    assert (
        client.certificate_for(CertificateUsage.SYMMETRIC_KEY_ENCRYPTION).public_key_id
        == "other-usage"
    )


def test_no_valid_certificate_is_a_certificate_error():
    client = _client_with(
        [_certificate(NOW - timedelta(days=9), NOW - timedelta(days=1), "KsefTokenEncryption", "x")]
    )
    with pytest.raises(KsefCertificateError):
        client.certificate_for(CertificateUsage.KSEF_TOKEN_ENCRYPTION)
