"""No answer at all still ends in one KsefError type, with a kind a person can read."""

from __future__ import annotations

import socket

import pytest

from portal.ksef.client import KsefClient
from portal.ksef.errors import KsefTransportError, TransportErrorKind


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_refused_connection_is_a_connection_error():
    client = KsefClient(f"http://127.0.0.1:{_closed_port()}/v2", timeout=2)
    with pytest.raises(KsefTransportError) as error:
        client.challenge()
    assert error.value.kind == TransportErrorKind.CONNECTION
    assert (error.value.method, error.value.path) == ("POST", "/auth/challenge")
    assert client.exchanges[-1].status is None


def test_tls_handshake_with_a_plain_http_server_is_a_tls_error(
    live_server, django_db_serialized_rollback
):
    client = KsefClient(
        live_server.url.replace("http://", "https://") + "/ksef-sim/test/v2", timeout=2
    )
    with pytest.raises(KsefTransportError) as error:
        client.public_key_certificates()
    client.close()
    assert error.value.kind == TransportErrorKind.TLS
    assert "TLS" in str(error.value)


def test_a_server_that_never_answers_is_a_timeout():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never answers
        client = KsefClient(f"http://127.0.0.1:{silent.getsockname()[1]}/v2", timeout=0.2)
        with pytest.raises(KsefTransportError) as error:
            client.challenge()
    assert error.value.kind == TransportErrorKind.TIMEOUT
    assert "0.2 s" in str(error.value)
    assert error.value.__cause__ is None  # the cause would carry the prepared request
