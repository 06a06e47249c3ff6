from __future__ import annotations

import json
import logging

import pytest

from portal.ksef.errors import KsefHttpError
from portal.simulator.models import AccessToken, AuthOperation, Challenge, SimToken
from portal.simulator.scenarios import BY_NAME


def test_no_token_or_encrypted_blob_reaches_logs_reprs_errors_or_database(
    scenarios, ksef_client, caplog
):
    caplog.set_level(logging.DEBUG)
    client = ksef_client()
    sent_bodies: list[bytes] = []
    client.session.hooks["response"].append(
        lambda response, **_: sent_bodies.append(response.request.body or b"")
    )
    ok, read_only = BY_NAME["ok"], BY_NAME["read-only"]

    auth = client.authenticate_with_token(ok.nip, ok.token)
    session = client.open_online_session(auth.tokens.access_token)
    client.close_online_session(auth.tokens.access_token, session.reference_number)
    denied = client.authenticate_with_token(read_only.nip, read_only.token)
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(denied.tokens.access_token)

    blobs = [
        value
        for body in sent_bodies
        if body
        for value in [
            json.loads(body).get("encryptedToken"),
            json.loads(body).get("encryption", {}).get("encryptedSymmetricKey"),
        ]
        if value
    ]
    secrets = [
        ok.token,
        read_only.token,
        ok.token.split("|")[-1],
        auth.authentication_token,
        auth.tokens.access_token,
        auth.tokens.refresh_token,
        denied.tokens.access_token,
        *blobs,
    ]
    assert len(blobs) == 4  # two tokens encrypted, two symmetric keys wrapped
    shown = "\n".join(
        [
            caplog.text,
            repr(auth),
            repr(auth.tokens),
            repr(client),
            str(error.value),
            repr(error.value),
        ]
    )
    stored = json.dumps(
        [
            list(model.objects.values())
            for model in (SimToken, AuthOperation, AccessToken, Challenge)
        ],
        default=str,
    )
    for secret in secrets:
        assert secret not in shown
        assert secret not in stored
    assert "POST /sessions/online -> 403" in caplog.text
