from __future__ import annotations

from portal.ksef.client import AuthStep
from portal.simulator.scenarios import BY_NAME


def test_client_authenticates_opens_and_closes_a_session_over_http(scenarios, ksef_client):
    scenario = BY_NAME["ok"]
    client = ksef_client(scenario.environment.value)
    steps = []

    auth = client.authenticate_with_token(scenario.nip, scenario.token, on_step=steps.append)
    session = client.open_online_session(auth.tokens.access_token)
    client.close_online_session(auth.tokens.access_token, session.reference_number)

    assert auth.status.code == 200
    assert [step.step for step in steps] == [
        AuthStep.CERTIFICATES,
        AuthStep.CHALLENGE,
        AuthStep.KSEF_TOKEN,
        AuthStep.STATUS,
        AuthStep.REDEEM,
    ]
    assert all(step.ok for step in steps)
    assert [step.http_status for step in steps] == [200, 200, 202, 200, 200]
    assert len(session.reference_number) == 36
    assert [exchange.status for exchange in client.exchanges][-2:] == [201, 204]
