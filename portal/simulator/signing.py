"""Sign an AuthTokenRequest the way a person's own tool does, for the local demo, with signxml's
XAdES signer (docs/signed-login.md). It shares nothing with the simulator's verification, so a
test that signs here and authenticates there checks the two against each other.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree
from signxml import methods
from signxml.xades import XAdESSigner


class SigningError(ValueError):
    """The file, the certificate or the key cannot be used to sign."""


def sign_auth_token_request(document: bytes, certificate_pem: bytes, key_pem: bytes) -> bytes:
    """``document`` (an unsigned AuthTokenRequest) with an enveloped XAdES-BES signature."""
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem)
    except ValueError:
        raise SigningError("the certificate is not a PEM X.509 certificate") from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        raise SigningError("the key is not an unencrypted PEM private key") from None
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningError("only RSA and EC keys sign XAdES for KSeF")
    if key.public_key() != certificate.public_key():
        raise SigningError("the key does not belong to the certificate")
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError:
        raise SigningError("the file is not XML") from None
    signer = XAdESSigner(method=methods.enveloped)
    signed = signer.sign(root, key=key, cert=[certificate])
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))
