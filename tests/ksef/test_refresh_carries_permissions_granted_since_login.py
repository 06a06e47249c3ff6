from portal.ksef.protocol import Environment
from portal.simulator import clock
from portal.simulator.models import AccessToken, digest
from portal.simulator.signed_scenarios import SIGNED_SCENARIOS
from tests.ksef.signing import self_signed_person, signed_request

PROPAGATION = next(s for s in SIGNED_SCENARIOS if s.name == "signed-propagation")


def _permissions(access_token: str) -> list[str]:
    return AccessToken.objects.get(token_digest=digest(access_token)).permissions


def test_refresh_gives_an_access_token_with_the_grant_that_became_visible(
    scenarios, ksef_client, settings
):
    client = ksef_client()
    auth = client.authenticate_with_signature(
        signed_request(client, PROPAGATION.nip, self_signed_person())
    )
    before = client.refresh_access_token(auth.tokens.refresh_token)
    clock.advance(settings.KSEF_SIMULATOR_PROPAGATION_SECONDS + 1)
    after = client.refresh_access_token(auth.tokens.refresh_token)

    assert _permissions(auth.tokens.access_token) == ["InvoiceRead"]
    assert _permissions(before) == ["InvoiceRead"]
    assert _permissions(after) == ["InvoiceRead", "InvoiceWrite"]
    assert PROPAGATION.environment == Environment.TEST
