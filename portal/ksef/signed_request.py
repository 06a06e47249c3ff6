"""The strict reader of an uploaded, signed ``AuthTokenRequest``.

A signed request is a credential until KSeF has used it: it is read only to refuse, before
anything is sent, what cannot be a signature over this check's own request, each refusal with
its own exception type. The XML is parsed with no entity resolved, no DTD and no network, and
any DOCTYPE is refused: a login request never needs one, and DTDs are how entity attacks arrive.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography import x509
from lxml import etree

from portal.ksef.auth_request import AUTH_TOKEN_NAMESPACES, XMLDSIG_NAMESPACE
from portal.ksef.protocol import CHALLENGE_VALIDITY_SECONDS
from portal.ksef.signer import SignerIdentity, identify_signer

# A signed AuthTokenRequest is a few kilobytes, a qualified certificate chain included; a
# quarter of a megabyte leaves ample room and still bounds what is parsed and held.
MAX_SIGNED_REQUEST_BYTES = 256 * 1024

_DS = f"{{{XMLDSIG_NAMESPACE}}}"


class SignedRequestRefused(ValueError):
    """Base of the reasons an upload is refused; ``reason`` names it for the page."""

    reason = "refused"


class FileTooLarge(SignedRequestRefused):
    reason = "too-large"


class NotXml(SignedRequestRefused):
    reason = "not-xml"


class DoctypeForbidden(SignedRequestRefused):
    """A DOCTYPE, and with it any DTD or entity declaration."""

    reason = "doctype"


class NotAuthTokenRequest(SignedRequestRefused):
    reason = "not-auth-token-request"


class NotSigned(SignedRequestRefused):
    reason = "not-signed"


class DetachedSignature(SignedRequestRefused):
    """A signature without the document inside it: KSeF accepts enveloped and enveloping
    signatures only (``auth/podpis-xades.md``)."""

    reason = "detached-signature"


class OtherChallenge(SignedRequestRefused):
    reason = "other-challenge"


class OtherNip(SignedRequestRefused):
    reason = "other-nip"


class ChallengeExpired(SignedRequestRefused):
    reason = "challenge-expired"


@dataclass(frozen=True)
class SignedRequest:
    """An upload that passed every check; ``xml`` is exactly the bytes uploaded."""

    xml: bytes = field(repr=False)
    challenge: str
    nip: str
    enveloping: bool  # the request sits inside ds:Signature/ds:Object, not the other way round
    # Who the certificate in the signature names, read as KSeF reads it; None when the file
    # carries no certificate the portal can read, or one that names nobody.
    signer: SignerIdentity | None = None


def parse_safely(data: bytes) -> etree._Element:
    """``data`` as an lxml tree, or NotXml / DoctypeForbidden."""
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        raise NotXml("the file is not well-formed XML") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise DoctypeForbidden("the file declares a DOCTYPE")
    return root


def _is_auth_token_request(element: etree._Element) -> bool:
    qname = etree.QName(element)
    return qname.localname == "AuthTokenRequest" and qname.namespace in AUTH_TOKEN_NAMESPACES


def _has_signature_value(signature: etree._Element) -> bool:
    value = signature.find(f"{_DS}SignatureValue")
    return signature.find(f"{_DS}SignedInfo") is not None and bool(
        value is not None and (value.text or "").strip()
    )


def _locate(root: etree._Element) -> tuple[etree._Element, etree._Element, bool]:
    """(the request, its signature, enveloping?) or the refusal that fits."""
    if _is_auth_token_request(root):
        signatures = root.findall(f"{_DS}Signature")
        if not signatures:
            raise NotSigned("the request carries no ds:Signature")
        return root, signatures[0], False
    if etree.QName(root).namespace == XMLDSIG_NAMESPACE and etree.QName(root).localname == (
        "Signature"
    ):
        for candidate in root.iterfind(f"{_DS}Object/*"):
            if _is_auth_token_request(candidate):
                return candidate, root, True
        raise DetachedSignature("the signature does not contain the request")
    raise NotAuthTokenRequest(f"the document is {etree.QName(root).localname}")


def _text(request: etree._Element, *path: str) -> str:
    namespace = etree.QName(request).namespace
    found = request.find("/".join(f"{{{namespace}}}{name}" for name in path))
    return (found.text or "").strip() if found is not None else ""


def _signing_certificate(signature: etree._Element) -> x509.Certificate | None:
    """The certificate in ``ds:KeyInfo`` that is not a CA's (a chain may come along with it)."""
    certificates = []
    for text in signature.iterfind(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate"):
        try:
            der = base64.b64decode("".join((text.text or "").split()), validate=True)
            certificates.append(x509.load_der_x509_certificate(der))
        except (binascii.Error, ValueError):
            continue
    for certificate in certificates:
        try:
            is_ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            is_ca = False
        if not is_ca:
            return certificate
    return certificates[0] if certificates else None


def read_signed_request(
    data: bytes, *, challenge: str, nip: str, challenge_issued_at: datetime, now: datetime
) -> SignedRequest:
    """Check an upload against the check's own challenge and NIP, in this order: size, XML,
    DOCTYPE, the document, a signature, the challenge, the NIP, the challenge's 10 minutes."""
    if len(data) > MAX_SIGNED_REQUEST_BYTES:
        raise FileTooLarge(f"{len(data)} bytes, at most {MAX_SIGNED_REQUEST_BYTES}")
    request, signature, enveloping = _locate(parse_safely(data))
    if not _has_signature_value(signature):
        raise NotSigned("the ds:Signature holds no signature value")
    found_challenge = _text(request, "Challenge")
    if not found_challenge:
        raise NotAuthTokenRequest("the request has no Challenge")
    if found_challenge != challenge:
        raise OtherChallenge("the request answers another challenge")
    if _text(request, "ContextIdentifier", "Nip") != nip:
        raise OtherNip("the request names another NIP or context")
    if now > challenge_issued_at + timedelta(seconds=CHALLENGE_VALIDITY_SECONDS):
        raise ChallengeExpired("the challenge is older than 10 minutes")
    certificate = _signing_certificate(signature)
    signer = None
    if certificate is not None:
        signer = identify_signer(certificate, _text(request, "SubjectIdentifierType"))
    return SignedRequest(
        xml=data, challenge=found_challenge, nip=nip, enveloping=enveloping, signer=signer
    )
