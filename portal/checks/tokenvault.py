"""Encryption at rest for a check's secret while the check runs: the KSeF token, or on the
signed path the signed request and then the tokens of its authentication.

The key comes from settings (CHECK_TOKEN_KEY, or SECRET_KEY locally), never from the database,
so the database alone never yields a usable token.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class TokenUnavailable(Exception):
    """The ciphertext is gone (the check ended) or was sealed under another key."""


def _fernet() -> Fernet:
    # HKDF turns any long secret into a Fernet key and keeps this use separate from other uses
    # of the same secret (Django's signing, the client-address hash).
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal.checks token at rest"
    ).derive((settings.CHECK_TOKEN_KEY or settings.SECRET_KEY).encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode("ascii")


def seal_bytes(data: bytes) -> str:
    """Bytes that must come back exactly as given (a signed XML, in whatever encoding it was
    signed), sealed as text: ``bytes_of(unseal(...))`` returns them."""
    return seal(base64.b64encode(data).decode("ascii"))


def bytes_of(secret: str) -> bytes:
    return base64.b64decode(secret, validate=True)


def unseal(ciphertext: str) -> str:
    if not ciphertext:
        raise TokenUnavailable("the token was erased")
    try:
        return _fernet().decrypt(ciphertext.encode("ascii")).decode()
    except InvalidToken as exc:
        raise TokenUnavailable("the token cannot be decrypted with the current key") from exc
