"""Who a signing certificate names, read the way KSeF reads it (CIRFMF/ksef-api
``auth/podpis-xades.md``, "Wymagane atrybuty certyfikatów kwalifikowanych"): the PESEL or NIP in
a person's ``serialNumber``, a seal's NIP in ``organizationIdentifier``, else the certificate's
SHA-256 fingerprint (docs/signed-login.md, section 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from portal.ksef.auth_request import SUBJECT_FINGERPRINT

_PERSON_PATTERNS = (
    (re.compile(r"(PNOPL|PESEL).*?(?P<number>\d{11})"), "Pesel"),
    (re.compile(r"(TINPL|NIP).*?(?P<number>\d{10})"), "Nip"),
)
_SEAL_PATTERN = re.compile(r"(VATPL).*?(?P<number>\d{10})")


class SignerIdentifierType(StrEnum):
    PESEL = "Pesel"
    NIP = "Nip"
    FINGERPRINT = "Fingerprint"


@dataclass(frozen=True)
class SignerIdentity:
    type: SignerIdentifierType
    value: str

    def masked(self) -> str:
        """For pages: a PESEL is personal data, so only its first two and last two digits show;
        a NIP and a fingerprint identify a business or a certificate and show in full."""
        if self.type == SignerIdentifierType.PESEL:
            return self.value[:2] + "*" * (len(self.value) - 4) + self.value[-2:]
        return self.value


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, upper-case hex."""
    return certificate.fingerprint(hashes.SHA256()).hex().upper()


def _attribute(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = certificate.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def identify_signer(
    certificate: x509.Certificate, subject_identifier_type: str
) -> SignerIdentity | None:
    """The identity KSeF reads for ``SubjectIdentifierType``; None when a ``certificateSubject``
    certificate has none of the recognised identifiers."""
    if subject_identifier_type == SUBJECT_FINGERPRINT:
        fingerprint = certificate_fingerprint(certificate)
        return SignerIdentity(SignerIdentifierType.FINGERPRINT, fingerprint)
    serial = _attribute(certificate, NameOID.SERIAL_NUMBER)
    for pattern, kind in _PERSON_PATTERNS:
        match = pattern.search(serial)
        if match:
            return SignerIdentity(SignerIdentifierType(kind), match["number"])
    organization = _attribute(certificate, NameOID.ORGANIZATION_IDENTIFIER)
    match = _SEAL_PATTERN.search(organization)
    if match:
        return SignerIdentity(SignerIdentifierType.NIP, match["number"])
    return None
