"""The unsigned ``AuthTokenRequest`` document a person signs to log in with XAdES, as the
ministry's schema (``schemas/schemat_auth_v2-0.xsd``) defines it and both official clients write
it; without an ``AuthorizationPolicy``, since the portal cannot know the addresses a person's own
program will use (docs/signed-login.md, section 1).
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

AUTH_TOKEN_NAMESPACE_V2_0 = "http://ksef.mf.gov.pl/auth/token/2.0"
AUTH_TOKEN_NAMESPACE_V2_1 = "http://ksef.mf.gov.pl/auth/token/2.1"
# POST /auth/xades-signature accepts both (OpenAPI); the portal writes 2.0.
AUTH_TOKEN_NAMESPACES = (AUTH_TOKEN_NAMESPACE_V2_0, AUTH_TOKEN_NAMESPACE_V2_1)
XMLDSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#"
XADES_NAMESPACE = "http://uri.etsi.org/01903/v1.3.2#"

# SubjectIdentifierTypeEnum: who logs in is read from the certificate's subject (PESEL or NIP),
# or is the certificate's SHA-256 fingerprint that permissions were granted to.
SUBJECT_CERTIFICATE = "certificateSubject"
SUBJECT_FINGERPRINT = "certificateFingerprint"

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "schemat_auth_v2-0.xsd"


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def schema_errors(document: bytes) -> list[str]:
    """What the ministry's 2.0 schema says is wrong with ``document`` (empty when valid)."""
    schema = _schema()
    tree = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def build_auth_token_request(challenge: str, nip: str) -> bytes:
    """The unsigned ``AuthTokenRequest.xml`` for ``challenge`` in the context of ``nip``,
    UTF-8 with an XML declaration and indented like the official clients' output.

    Raises ValueError when the values do not make a document the schema accepts (a challenge
    or NIP of the wrong shape), so nothing invalid is ever offered for signing.
    """

    def child(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{AUTH_TOKEN_NAMESPACE_V2_0}}}{name}")
        element.text = text
        return element

    root = etree.Element(
        f"{{{AUTH_TOKEN_NAMESPACE_V2_0}}}AuthTokenRequest",
        nsmap={None: AUTH_TOKEN_NAMESPACE_V2_0},
    )
    child(root, "Challenge", challenge)
    child(child(root, "ContextIdentifier"), "Nip", nip)
    child(root, "SubjectIdentifierType", SUBJECT_CERTIFICATE)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = schema_errors(document)
    if errors:
        raise ValueError("AuthTokenRequest does not match the schema: " + "; ".join(errors))
    return bytes(document)
