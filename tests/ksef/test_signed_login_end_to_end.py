from portal.ksef.protocol import Environment
from portal.simulator import auth_sessions, clock
from portal.simulator.signed_scenarios import SIGNED_SCENARIOS
from tests.ksef.signing import self_signed_person, signed_request

OK = next(s for s in SIGNED_SCENARIOS if s.name == "signed-ok")


def test_a_self_signed_person_with_rights_logs_in_opens_a_session_and_ends_it(
    scenarios, ksef_client
):
    client = ksef_client()
    signed = signed_request(client, OK.nip, self_signed_person())

    auth = client.authenticate_with_signature(signed)
    session = client.open_online_session(auth.tokens.access_token)
    client.close_online_session(auth.tokens.access_token, session.reference_number)
    sessions = client.authentication_sessions(auth.tokens.access_token)
    client.revoke_current_session(auth.tokens.access_token)

    assert auth.status.code == 200
    assert [(s.reference_number, s.is_current, s.method_category) for s in sessions] == [
        (auth.reference_number, True, "XadesSignature")
    ]
    assert auth_sessions.active_session_count(Environment.TEST, OK.nip, clock.now()) == 0


def test_the_signed_request_and_tokens_stay_out_of_logs_reprs_and_errors(
    scenarios, ksef_client, caplog
):
    client = ksef_client()
    signed = signed_request(client, OK.nip, self_signed_person())
    signature_value = signed.split(b"SignatureValue>")[1].split(b"<")[0].decode()
    with caplog.at_level("DEBUG"):
        auth = client.authenticate_with_signature(signed)
        client.revoke_current_session(auth.tokens.refresh_token)

    shown = caplog.text + repr(auth) + repr(client.exchanges)
    assert signature_value not in shown
    assert auth.tokens.refresh_token not in shown
    assert auth.authentication_token not in shown
