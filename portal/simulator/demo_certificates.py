"""Certificates for signing AuthTokenRequest locally, without gov.pl or a qualified signature.

The simulator's own demo CA: only what it issued is trusted where the chain is checked; on TEST
any certificate passes, as on KSeF TEST (``uwierzytelnianie.md``). Certificates and keys live in
the database (public by design, like the demo tokens) so the web and worker processes agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from portal.ksef import crypto
from portal.simulator import clock
from portal.simulator.models import DemoCertificate

# A made-up PESEL (born 1 February 1985) whose check digit is right; it belongs to no one.
DEMO_PESEL = "85020112346"
DEMO_GIVEN_NAME = "Jan"
DEMO_SURNAME = "Próbny"

CA = "ca"
PERSON = "person"  # valid, issued by the demo CA
PERSON_EXPIRED = "person-expired"  # the same person, a certificate that expired a month ago
DOWNLOADABLE = (PERSON, PERSON_EXPIRED)

# RSA key generation takes a noticeable part of a second and tests start from an empty
# database, so a process keeps the PEMs it made and stores them again when they are missing.
_process_pems: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def key_pem(self) -> str:
        return crypto.private_key_pem(self.key)


def person_name(serial_number: str, *, given_name: str, surname: str) -> x509.Name:
    """The subject attributes KSeF requires of a person's certificate (``auth/podpis-xades.md``):
    givenName, surname, serialNumber (e.g. ``PNOPL-<PESEL>``), commonName, countryName."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{given_name} {surname}"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        ]
    )


def issue(
    subject: x509.Name,
    *,
    valid_from: datetime,
    valid_to: datetime,
    issuer: Issued | None = None,
    key: rsa.RSAPrivateKey | None = None,
    ca: bool = False,
) -> Issued:
    """A certificate for ``subject``, self-signed unless ``issuer`` signs it."""
    key = key or crypto.generate_private_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    signer = issuer.key if issuer else key
    return Issued(builder.sign(signer, hashes.SHA256()), key)


def _load(row: DemoCertificate) -> Issued:
    certificate = x509.load_pem_x509_certificate(row.certificate_pem.encode("ascii"))
    return Issued(certificate, crypto.load_private_key_pem(row.private_key_pem))


def _store(name: str, issued: Issued) -> Issued:
    DemoCertificate.objects.update_or_create(
        name=name,
        defaults={"certificate_pem": issued.certificate_pem, "private_key_pem": issued.key_pem},
    )
    _process_pems[name] = (issued.certificate_pem, issued.key_pem)
    return issued


def _make(name: str) -> Issued:
    now = clock.now()
    if name == CA:
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "KSeF simulator demo CA")])
        return issue(
            subject,
            valid_from=now - timedelta(days=1),
            valid_to=now + timedelta(days=3650),
            ca=True,
        )
    subject = person_name(f"PNOPL-{DEMO_PESEL}", given_name=DEMO_GIVEN_NAME, surname=DEMO_SURNAME)
    if name == PERSON_EXPIRED:
        window = (now - timedelta(days=400), now - timedelta(days=30))
    else:
        window = (now - timedelta(days=1), now + timedelta(days=730))
    return issue(subject, valid_from=window[0], valid_to=window[1], issuer=demo(CA))


def demo(name: str) -> Issued:
    """The demo CA (``CA``) or one of the ``DOWNLOADABLE`` certificates, made on first need."""
    row = DemoCertificate.objects.filter(name=name).first()
    if row is not None:
        return _load(row)
    if name in _process_pems:
        certificate_pem, key_pem = _process_pems[name]
        row = DemoCertificate(name=name, certificate_pem=certificate_pem, private_key_pem=key_pem)
        issued = _load(row)
        if name == CA or _issued_by_ca(issued.certificate):
            return _store(name, issued)
    return _store(name, _make(name))


def _issued_by_ca(certificate: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(demo(CA).certificate)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def trusted(certificate: x509.Certificate) -> bool:
    """Whether the chain of ``certificate`` ends in the simulator's demo CA."""
    return certificate != demo(CA).certificate and _issued_by_ca(certificate)
