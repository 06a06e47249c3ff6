from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree
from signxml import methods
from signxml.xades import XAdESSigner

from portal.ksef import signed_request as reader
from portal.ksef.auth_request import build_auth_token_request
from portal.ksef.signed_request import read_signed_request
from portal.simulator.demo_certificates import issue, person_name
from portal.simulator.signing import sign_auth_token_request

ISSUED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CHALLENGE = "20261125-CR-1A2B3C4D5E-6F7A8B9C0D-1E"
NIP = "5265877635"


@pytest.fixture(scope="module")
def signer():
    name = person_name("PNOPL-85020112346", given_name="Anna", surname="Testowa")
    return issue(name, valid_from=ISSUED - timedelta(days=1), valid_to=ISSUED + timedelta(days=9))


def _sign(signer, challenge=CHALLENGE, nip=NIP):
    return sign_auth_token_request(
        build_auth_token_request(challenge, nip),
        signer.certificate_pem.encode(),
        signer.key_pem.encode(),
    )


def _read(data, now=ISSUED + timedelta(minutes=1)):
    return read_signed_request(
        data, challenge=CHALLENGE, nip=NIP, challenge_issued_at=ISSUED, now=now
    )


def test_a_signed_request_for_this_challenge_and_nip_is_accepted_as_uploaded(signer):
    data = _sign(signer)
    accepted = _read(data)
    assert (accepted.xml, accepted.challenge, accepted.nip, accepted.enveloping) == (
        data,
        CHALLENGE,
        NIP,
        False,
    )
    assert "xml" not in repr(accepted)


def test_at_the_last_second_of_the_challenge_it_is_still_accepted(signer):
    assert _read(_sign(signer), now=ISSUED + timedelta(minutes=10)).nip == NIP


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (b"x" * (reader.MAX_SIGNED_REQUEST_BYTES + 1), reader.FileTooLarge),
        (b"%PDF-1.7 not xml", reader.NotXml),
        (b"<AuthTokenRequest><Challenge>", reader.NotXml),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>',
            reader.DoctypeForbidden,
        ),
        (
            b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>',
            reader.DoctypeForbidden,
        ),
        (b"<Faktura/>", reader.NotAuthTokenRequest),
        (build_auth_token_request(CHALLENGE, NIP), reader.NotSigned),
        (
            b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/>'
            b"<ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>",
            reader.DetachedSignature,
        ),
    ],
    ids=[
        "too-large",
        "pdf",
        "broken",
        "entity",
        "external-entity",
        "other",
        "unsigned",
        "detached",
    ],
)
def test_what_is_not_a_signed_request_is_refused_before_anything_is_sent(data, refusal):
    with pytest.raises(refusal) as refused:
        _read(data)
    assert refused.value.reason == refusal.reason


def test_an_empty_signature_element_is_no_signature(signer):
    document = build_auth_token_request(CHALLENGE, NIP).replace(
        b"</AuthTokenRequest>",
        b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></AuthTokenRequest>',
    )
    with pytest.raises(reader.NotSigned):
        _read(document)


def test_another_challenge_another_nip_and_an_old_challenge_each_have_their_reason(signer):
    with pytest.raises(reader.OtherChallenge):
        _read(_sign(signer, challenge="20261125-CR-0000000000-0000000000-00"))
    with pytest.raises(reader.OtherNip):
        _read(_sign(signer, nip="7438467399"))
    with pytest.raises(reader.ChallengeExpired):
        _read(_sign(signer), now=ISSUED + timedelta(minutes=10, seconds=1))


def test_every_reason_is_distinct():
    reasons = [cls.reason for cls in reader.SignedRequestRefused.__subclasses__()]
    assert len(reasons) == len(set(reasons)) == 9


def test_an_enveloping_signature_with_the_request_inside_is_accepted(signer):
    request = etree.fromstring(build_auth_token_request(CHALLENGE, NIP))
    signed = XAdESSigner(method=methods.enveloping).sign(
        request, key=signer.key, cert=[signer.certificate]
    )
    assert _read(etree.tostring(signed)).enveloping is True
