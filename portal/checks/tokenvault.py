"""Encryption at rest for the KSeF token while its check runs.

The key comes from settings (CHECK_TOKEN_KEY, or SECRET_KEY locally), never from the database,
so the database alone never yields a usable token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class TokenUnavailable(Exception):
    """The ciphertext is gone (the check ended) or was sealed under another key."""


def _key_material() -> bytes:
    secret = settings.CHECK_TOKEN_KEY or settings.SECRET_KEY
    return secret.encode()


def _fernet() -> Fernet:
    # HKDF turns any long secret into a Fernet key and keeps this use separate from other uses
    # of the same secret (Django's signing, the client-address hash).
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal.checks token at rest"
    ).derive(_key_material())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode("ascii")


def unseal(ciphertext: str) -> str:
    if not ciphertext:
        raise TokenUnavailable("the token was erased")
    try:
        return _fernet().decrypt(ciphertext.encode("ascii")).decode()
    except InvalidToken as exc:
        raise TokenUnavailable("the token cannot be decrypted with the current key") from exc


def client_key(address: str) -> str:
    """A keyed hash of a client address: enough to count starts, useless to find the person."""
    digest = hmac.new(_key_material(), b"client:" + address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
