"""The cryptography of KSeF token authentication and online sessions, shared by the client (with
the ministry's public keys) and the simulator (with its own private keys), so padding, hash and
encoding are decided once: RSA-OAEP with SHA-256 and MGF1-SHA-256, no label, base64 on the wire.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from portal.ksef.protocol import INITIALIZATION_VECTOR_BYTES, SYMMETRIC_KEY_BYTES


class CryptoError(ValueError):
    """Ciphertext that does not decrypt, or plaintext that does not have the expected shape."""


def _b64decode(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise CryptoError(f"{what} is not base64") from exc


def _rsa_decrypt(ciphertext: bytes, key: rsa.RSAPrivateKey, what: str) -> bytes:
    try:
        return key.decrypt(ciphertext, _oaep())
    except ValueError as exc:
        raise CryptoError(f"{what} does not decrypt with this key") from exc


def _oaep() -> padding.OAEP:
    return padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None
    )


def load_certificate(der_base64: str) -> x509.Certificate:
    """Parse the ``certificate`` field of a public-key certificate (base64 of DER X.509)."""
    try:
        return x509.load_der_x509_certificate(base64.b64decode(der_base64, validate=True))
    except ValueError as exc:
        raise CryptoError("the certificate is not base64-encoded DER X.509") from exc


def rsa_public_key(certificate: x509.Certificate) -> rsa.RSAPublicKey:
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise CryptoError("the certificate does not carry an RSA public key")
    return key


def public_key_id(key: rsa.RSAPublicKey) -> str:
    """A 44-character identifier of a public key: base64 of SHA-256 of its DER SubjectPublicKeyInfo.

    KSeF documents ``publicKeyId`` only as an opaque 44-character selector; the simulator derives
    it this way, and the client never derives it, it only echoes what the server published.
    """
    spki = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def encrypt_ksef_token(token: str, timestamp_ms: int, key: rsa.RSAPublicKey) -> str:
    """``encryptedToken``: base64 of RSA-OAEP over "<token>|<timestampMs>"."""
    plaintext = f"{token}|{timestamp_ms}".encode()
    return base64.b64encode(key.encrypt(plaintext, _oaep())).decode("ascii")


@dataclass(frozen=True)
class DecryptedToken:
    token: str = field(repr=False)
    timestamp_ms: int


def decrypt_ksef_token(encrypted_token: str, key: rsa.RSAPrivateKey) -> DecryptedToken:
    """Inverse of :func:`encrypt_ksef_token`; raises CryptoError on any mismatch of shape."""
    ciphertext = _b64decode(encrypted_token, "encryptedToken")
    plaintext = _rsa_decrypt(ciphertext, key, "encryptedToken")
    try:
        text = plaintext.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CryptoError("the decrypted token is not UTF-8") from exc
    token, separator, timestamp = text.rpartition("|")
    if not separator or not token or not timestamp.isdigit():
        raise CryptoError("the decrypted token is not '<token>|<timestampMs>'")
    return DecryptedToken(token=token, timestamp_ms=int(timestamp))


@dataclass(frozen=True)
class SessionKey:
    """A fresh AES-256 key and IV."""

    key: bytes = field(repr=False)
    initialization_vector: bytes


def new_session_key() -> SessionKey:
    return SessionKey(
        key=os.urandom(SYMMETRIC_KEY_BYTES),
        initialization_vector=os.urandom(INITIALIZATION_VECTOR_BYTES),
    )


def wrap_symmetric_key(key: bytes, public_key: rsa.RSAPublicKey) -> str:
    """``encryptedSymmetricKey``: base64(RSA-OAEP(key)) with the SymmetricKeyEncryption key."""
    return base64.b64encode(public_key.encrypt(key, _oaep())).decode("ascii")


def unwrap_symmetric_key(encrypted_key: str, private_key: rsa.RSAPrivateKey) -> bytes:
    ciphertext = _b64decode(encrypted_key, "encryptedSymmetricKey")
    return _rsa_decrypt(ciphertext, private_key, "encryptedSymmetricKey")


def encode_iv(initialization_vector: bytes) -> str:
    return base64.b64encode(initialization_vector).decode("ascii")


def decode_iv(encoded: str) -> bytes:
    return _b64decode(encoded, "initializationVector")


# The simulator publishes its own certificates.
def generate_private_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def self_signed_certificate(
    key: rsa.RSAPrivateKey, *, common_name: str, valid_from: datetime, valid_to: datetime
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, common_name)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from.astimezone(UTC))
        .not_valid_after(valid_to.astimezone(UTC))
        .sign(key, hashes.SHA256())
    )


def certificate_der_base64(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode("ascii")


def private_key_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def load_private_key_pem(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise CryptoError("the stored key is not an RSA private key")
    return key
