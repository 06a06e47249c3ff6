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
