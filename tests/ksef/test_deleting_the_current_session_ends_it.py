import pytest

from portal.ksef.errors import KsefHttpError
from portal.simulator import auth_sessions, clock
from portal.simulator.scenarios import BY_NAME
from portal.simulator.signed_scenarios import SIGNED_SCENARIOS
from tests.ksef.signing import self_signed_person, signed_request

OK = next(s for s in SIGNED_SCENARIOS if s.name == "signed-ok")


def test_after_delete_the_refresh_token_is_refused_and_no_session_is_left(scenarios, ksef_client):
    client = ksef_client()
    first = client.authenticate_with_signature(signed_request(client, OK.nip, self_signed_person()))
    second = client.authenticate_with_signature(
        signed_request(client, OK.nip, self_signed_person())
    )
    listed = client.authentication_sessions(second.tokens.access_token)
    client.revoke_current_session(first.tokens.refresh_token)
    left_after_first = auth_sessions.active_session_count("test", OK.nip, clock.now())
    client.revoke_current_session(second.tokens.access_token)

    with pytest.raises(KsefHttpError) as refused:
        client.refresh_access_token(first.tokens.refresh_token)
    status = client.authentication_status(first.reference_number, first.authentication_token)

    assert [(s.reference_number, s.is_current) for s in listed] == [
        (second.reference_number, True),
        (first.reference_number, False),
    ]
    assert left_after_first == 1
    assert auth_sessions.active_session_count("test", OK.nip, clock.now()) == 0
    assert refused.value.exception_codes == [21301]
    assert status.code == 425


def test_a_token_login_ends_the_same_way(scenarios, ksef_client):
    ok = BY_NAME["ok"]
    client = ksef_client()
    auth = client.authenticate_with_token(ok.nip, ok.token)
    before = auth_sessions.active_session_count("test", ok.nip, clock.now())
    client.revoke_current_session(auth.tokens.access_token)
    assert (before, auth_sessions.active_session_count("test", ok.nip, clock.now())) == (1, 0)
