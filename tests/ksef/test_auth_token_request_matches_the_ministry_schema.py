import pytest
from lxml import etree

from portal.ksef.auth_request import (
    AUTH_TOKEN_NAMESPACE_V2_0,
    build_auth_token_request,
    schema_errors,
)

CHALLENGE = "20261125-CR-1A2B3C4D5E-6F7A8B9C0D-1E"
NIP = "5265877635"


def test_the_built_request_validates_and_holds_challenge_nip_and_subject_in_order():
    document = build_auth_token_request(CHALLENGE, NIP)
    root = etree.fromstring(document)

    assert schema_errors(document) == []
    assert document.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert [etree.QName(child).localname for child in root] == [
        "Challenge",
        "ContextIdentifier",
        "SubjectIdentifierType",
    ]
    assert etree.QName(root).namespace == AUTH_TOKEN_NAMESPACE_V2_0
    assert (
        root.findtext(
            f"{{{AUTH_TOKEN_NAMESPACE_V2_0}}}ContextIdentifier/{{{AUTH_TOKEN_NAMESPACE_V2_0}}}Nip"
        )
        == NIP
    )
    assert root.findtext(f"{{{AUTH_TOKEN_NAMESPACE_V2_0}}}SubjectIdentifierType") == (
        "certificateSubject"
    )


def test_the_schema_refuses_what_the_builder_must_never_offer():
    misplaced = (
        build_auth_token_request(CHALLENGE, NIP)
        .replace(b"<Nip>", b"<Pesel>")
        .replace(b"</Nip>", b"</Pesel>")
    )
    assert schema_errors(misplaced) != []


@pytest.mark.parametrize(
    ("challenge", "nip"),
    [("20261125-CR-short", NIP), (CHALLENGE, "0123456789"), (CHALLENGE, "52658776")],
)
def test_a_value_of_the_wrong_shape_builds_nothing(challenge, nip):
    with pytest.raises(ValueError, match="does not match the schema"):
        build_auth_token_request(challenge, nip)
