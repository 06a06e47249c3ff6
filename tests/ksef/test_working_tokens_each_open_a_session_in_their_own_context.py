from __future__ import annotations

from portal.ksef.protocol import is_valid_nip
from portal.simulator.installing import install_working_tokens
from portal.simulator.models import SimToken
from portal.simulator.scenarios import BY_NAME


def test_each_working_token_opens_a_session_for_its_own_nip(scenarios, ksef_client):
    tokens = install_working_tokens(3)
    client = ksef_client("test")

    for nip, token in tokens:
        auth = client.authenticate_with_token(nip, token)
        session = client.open_online_session(auth.tokens.access_token)
        client.close_online_session(auth.tokens.access_token, session.reference_number)

    nips = [nip for nip, _ in tokens]
    assert len(set(nips)) == 3
    assert all(is_valid_nip(nip) for nip in nips)
    assert BY_NAME["ok"].nip not in nips
    assert [exchange.status for exchange in client.exchanges][-2:] == [201, 204]


def test_installing_again_replaces_them(scenarios):
    first = install_working_tokens(4)
    second = install_working_tokens(2)

    assert second == first[:2]
    assert SimToken.objects.filter(scenario__startswith="working-").count() == 2
    assert SimToken.objects.filter(scenario="ok").count() == 1
