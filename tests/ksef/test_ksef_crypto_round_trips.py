from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from portal.ksef import crypto

NOW = datetime(2026, 11, 25, tzinfo=UTC)


@pytest.fixture(scope="module")
def key():  # type: ignore[no-untyped-def]
    return crypto.generate_private_key()


def test_token_round_trip_through_a_published_certificate(key):
    certificate = crypto.self_signed_certificate(
        key, common_name="t", valid_from=NOW, valid_to=NOW + timedelta(days=1)
    )
    public = crypto.rsa_public_key(
        crypto.load_certificate(crypto.certificate_der_base64(certificate))
    )
    encrypted = crypto.encrypt_ksef_token("REF|nip-1234567890|ab", 1764061200123, public)
    decrypted = crypto.decrypt_ksef_token(encrypted, key)
    assert (decrypted.token, decrypted.timestamp_ms) == ("REF|nip-1234567890|ab", 1764061200123)
    assert "REF" not in repr(decrypted)


def test_token_encrypted_for_another_key_does_not_decrypt(key):
    other = crypto.generate_private_key()
    encrypted = crypto.encrypt_ksef_token("t", 1, other.public_key())
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt_ksef_token(encrypted, key)


def test_plaintext_without_timestamp_is_refused(key):
    raw = key.public_key().encrypt(b"no-timestamp", crypto._oaep())
    with pytest.raises(crypto.CryptoError, match="timestampMs"):
        crypto.decrypt_ksef_token(base64.b64encode(raw).decode(), key)


def test_symmetric_key_wraps_and_unwraps(key):
    session_key = crypto.new_session_key()
    wrapped = crypto.wrap_symmetric_key(session_key.key, key.public_key())
    assert crypto.unwrap_symmetric_key(wrapped, key) == session_key.key
    assert (len(session_key.key), len(session_key.initialization_vector)) == (32, 16)
    assert session_key.key.hex() not in repr(session_key)


def test_public_key_id_is_44_characters_and_stable(key):
    assert len(crypto.public_key_id(key.public_key())) == 44
    assert crypto.public_key_id(key.public_key()) == crypto.public_key_id(key.public_key())
