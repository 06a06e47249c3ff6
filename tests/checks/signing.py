"""Signing a check's AuthTokenRequest as a person's own tool would: a self-signed certificate
made with cryptography and an enveloped XAdES signature made with signxml, sharing no code with
the portal or the simulator (neither its verification nor its signing command)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import methods
from signxml.xades import XAdESSigner

from portal.simulator.demo_certificates import DEMO_PESEL


@dataclass(frozen=True)
class Signer:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


_keys: list[rsa.RSAPrivateKey] = []


def _key() -> rsa.RSAPrivateKey:
    # One key for the whole run: generating one takes a noticeable part of a second.
    if not _keys:
        _keys.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _keys[0]


def self_signed(now: datetime, pesel: str = DEMO_PESEL, *, days: int = 365) -> Signer:
    """A person's self-signed certificate, named as KSeF reads a person (serialNumber PNOPL-)."""
    key = _key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.GIVEN_NAME, "Ewa"),
            x509.NameAttribute(NameOID.SURNAME, "Podpisująca"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"PNOPL-{pesel}"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Ewa Podpisująca"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return Signer(certificate, key)


def sign(document: bytes, signer: Signer) -> bytes:
    """``document`` with an enveloped XAdES-BES signature (RSA-SHA256)."""
    root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    signed = XAdESSigner(method=methods.enveloped).sign(
        root, key=signer.key, cert=[signer.certificate]
    )
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


def signature_value(signed: bytes) -> str:
    return signed.split(b"SignatureValue>")[1].split(b"<")[0].decode().strip()
