"""The simulator enforces KSeF's documented limits on POST /sessions/online per context and IP."""

from __future__ import annotations

import pytest

from portal.ksef.errors import KsefHttpError
from portal.simulator import clock
from portal.simulator.models import SimToken
from portal.simulator.scenarios import BY_NAME

OK = BY_NAME["ok"]


def test_eleventh_session_in_a_second_gets_429_with_retry_after(scenarios, ksef_client):
    client = ksef_client()
    auth = client.authenticate_with_token(OK.nip, OK.token)
    for _ in range(10):
        client.open_online_session(auth.tokens.access_token)
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(auth.tokens.access_token)
    assert (error.value.status, error.value.retry_after_seconds) == (429, 1)
    clock.advance(1.5)
    assert client.open_online_session(auth.tokens.access_token).reference_number


def test_thirty_first_session_in_a_minute_waits_for_the_oldest_to_age_out(scenarios, ksef_client):
    client = ksef_client()
    auth = client.authenticate_with_token(OK.nip, OK.token)
    for _ in range(30):
        client.open_online_session(auth.tokens.access_token)
        clock.advance(0.5)  # 2 per second: under the per-second limit
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(auth.tokens.access_token)
    # The first of the 30 was 15 s ago: the minute window frees in 45 s.
    assert (error.value.status, error.value.retry_after_seconds) == (429, 45)


def test_limits_count_per_context(scenarios, ksef_client):
    client = ksef_client()
    first = client.authenticate_with_token(OK.nip, OK.token)
    other = BY_NAME["read-only"]
    # A second context in the same environment whose token may open sessions.
    SimToken.objects.filter(scenario=other.name).update(permissions=["InvoiceRead", "InvoiceWrite"])
    second = client.authenticate_with_token(other.nip, other.token)
    for _ in range(10):
        client.open_online_session(first.tokens.access_token)
    assert client.open_online_session(second.tokens.access_token).reference_number
    with pytest.raises(KsefHttpError):
        client.open_online_session(first.tokens.access_token)


def _blocked(client, access_token) -> int:  # type: ignore[no-untyped-def]
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(access_token)
    assert error.value.status == 429
    assert error.value.retry_after_seconds is not None
    return error.value.retry_after_seconds


def test_calling_again_during_a_block_doubles_it(scenarios, ksef_client):
    client = ksef_client()
    access = client.authenticate_with_token(OK.nip, OK.token).tokens.access_token
    for _ in range(10):
        client.open_online_session(access)

    assert [_blocked(client, access) for _ in range(4)] == [1, 2, 4, 8]
    clock.advance(7)
    assert _blocked(client, access) == 16
    clock.advance(16)
    assert client.open_online_session(access).reference_number


def test_a_block_stops_at_an_hour_and_calling_on_meets_the_security_service(scenarios, ksef_client):
    client = ksef_client()
    access = client.authenticate_with_token(OK.nip, OK.token).tokens.access_token
    for _ in range(10):
        client.open_online_session(access)

    assert [_blocked(client, access) for _ in range(13)][-3:] == [1024, 2048, 3600]
    with pytest.raises(KsefHttpError) as error:
        client.open_online_session(access)
    assert (error.value.status, error.value.is_firewall_block) == (403, True)
    assert str(error.value.security["incidentId"]).startswith("INC-")
