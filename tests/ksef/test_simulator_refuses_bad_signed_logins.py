import pytest

from portal.ksef.auth_request import build_auth_token_request
from portal.ksef.errors import KsefAuthFailed, KsefHttpError
from portal.simulator import clock, demo_certificates
from portal.simulator.signed_scenarios import SIGNED_SCENARIOS
from tests.ksef.signing import self_signed_person, sign, signed_request

BY_NAME = {scenario.name: scenario for scenario in SIGNED_SCENARIOS}
OK, NO_RIGHTS = BY_NAME["signed-ok"], BY_NAME["signed-no-rights"]


def test_a_person_without_rights_for_the_nip_ends_in_415(scenarios, ksef_client):
    client = ksef_client()
    with pytest.raises(KsefAuthFailed) as failed:
        client.authenticate_with_signature(
            signed_request(client, NO_RIGHTS.nip, self_signed_person())
        )
    assert (failed.value.code, failed.value.status.details) == (
        415,
        ("Brak przypisanych uprawnień",),
    )


def test_content_changed_after_signing_is_an_invalid_signature(scenarios, ksef_client):
    client = ksef_client()
    signed = signed_request(client, NO_RIGHTS.nip, self_signed_person())
    altered = signed.replace(NO_RIGHTS.nip.encode(), OK.nip.encode())
    with pytest.raises(KsefHttpError) as refused:
        client.authenticate_xades(altered)
    assert refused.value.exception_codes == [9105]
    assert refused.value.exception_details[0]["details"] == ["Podpis zweryfikowany negatywnie."]


def test_a_challenge_older_than_ten_minutes_is_refused(scenarios, ksef_client):
    client = ksef_client()
    signed = signed_request(client, OK.nip, self_signed_person())
    clock.advance(10 * 60 + 1)
    with pytest.raises(KsefHttpError) as refused:
        client.authenticate_xades(signed)
    assert refused.value.exception_codes == [21111]


def test_a_challenge_is_used_once(scenarios, ksef_client):
    client = ksef_client()
    signed = signed_request(client, OK.nip, self_signed_person())
    client.authenticate_with_signature(signed)
    with pytest.raises(KsefHttpError) as refused:
        client.authenticate_xades(signed)
    assert refused.value.exception_codes == [21111]


def test_an_expired_certificate_ends_in_460(scenarios, ksef_client):
    client = ksef_client()
    expired = demo_certificates.demo(demo_certificates.PERSON_EXPIRED)
    with pytest.raises(KsefAuthFailed) as failed:
        client.authenticate_with_signature(signed_request(client, OK.nip, expired))
    assert (failed.value.code, failed.value.status.details) == (460, ("Nieważny certyfikat",))


def test_demo_refuses_a_self_signed_certificate_and_trusts_the_demo_ca(scenarios, ksef_client):
    client = ksef_client("demo")
    with pytest.raises(KsefAuthFailed) as failed:
        client.authenticate_with_signature(signed_request(client, OK.nip, self_signed_person()))
    person = demo_certificates.demo(demo_certificates.PERSON)
    auth = client.authenticate_with_signature(signed_request(client, OK.nip, person))

    assert failed.value.status.details == ("Niezaufany łańcuch certyfikatów",)
    assert auth.status.code == 200


def test_test_checks_the_chain_only_when_asked(scenarios, ksef_client):
    client = ksef_client()
    with pytest.raises(KsefAuthFailed) as failed:
        client.authenticate_with_signature(
            signed_request(client, OK.nip, self_signed_person()), verify_certificate_chain=True
        )
    assert failed.value.code == 460


def test_a_request_without_a_signature_is_refused(scenarios, ksef_client):
    client = ksef_client()
    unsigned = build_auth_token_request(client.challenge().challenge, OK.nip)
    with pytest.raises(KsefHttpError) as refused:
        client.authenticate_xades(unsigned)
    assert refused.value.exception_codes == [9102]


def test_a_signature_over_another_document_is_not_a_login(scenarios, ksef_client):
    client = ksef_client()
    other = sign(b"<Faktura><Kwota>1</Kwota></Faktura>", self_signed_person())
    with pytest.raises(KsefHttpError) as refused:
        client.authenticate_xades(other)
    assert refused.value.exception_codes == [21401]
