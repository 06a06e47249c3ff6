"""The simulator's own RSA keys and the certificates it publishes, one pair per usage, in the
database so every process (web, worker) uses the same ones; a process keeps the keys it made, as
generating them is slow and tests start from an empty database.
"""

from __future__ import annotations

from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric import rsa

from portal.ksef import crypto
from portal.ksef.protocol import CertificateUsage, ExceptionCode
from portal.simulator import clock
from portal.simulator.models import KeyPair
from portal.simulator.responses import BadRequest

CERTIFICATE_VALIDITY = timedelta(days=2 * 365)
_process_keys: dict[tuple[str, str], str] = {}
# Loading a PEM validates the RSA key, which costs tens of milliseconds: load each one once.
_loaded: dict[str, rsa.RSAPrivateKey] = {}


def _create(environment: str, usage: CertificateUsage, pem: str | None = None) -> KeyPair:
    key = _load(pem) if pem else crypto.generate_private_key()
    now = clock.now()
    valid_from = now - timedelta(days=1)
    valid_to = now + CERTIFICATE_VALIDITY
    certificate = crypto.self_signed_certificate(
        key,
        common_name=f"KSeF simulator {environment} {usage.value}",
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return KeyPair.objects.create(
        environment=environment,
        usage=usage.value,
        private_key_pem=crypto.private_key_pem(key),
        certificate=crypto.certificate_der_base64(certificate),
        public_key_id=crypto.public_key_id(key.public_key()),
        valid_from=valid_from,
        valid_to=valid_to,
    )


def current_key(environment: str, usage: CertificateUsage) -> KeyPair:
    """The newest key valid now for ``usage``, created on first need."""
    now = clock.now()
    key = (
        KeyPair.objects.filter(
            environment=environment,
            usage=usage.value,
            retired=False,
            valid_from__lte=now,
            valid_to__gte=now,
        )
        .order_by("-valid_from", "-id")
        .first()
    )
    if key is not None:
        return key
    cached = _process_keys.get((environment, usage.value))
    if (
        cached
        and not KeyPair.objects.filter(
            public_key_id=crypto.public_key_id(_load(cached).public_key())
        ).exists()
    ):
        return _create(environment, usage, cached)
    key = _create(environment, usage)
    _process_keys[(environment, usage.value)] = key.private_key_pem
    return key


def published_keys(environment: str) -> list[KeyPair]:
    return [current_key(environment, usage) for usage in CertificateUsage]


def find_key(environment: str, usage: CertificateUsage, public_key_id: str) -> KeyPair | None:
    """The live key behind ``public_key_id``; None when unknown, retired or of another usage."""
    return KeyPair.objects.filter(
        environment=environment, usage=usage.value, public_key_id=public_key_id, retired=False
    ).first()


def _load(pem: str) -> rsa.RSAPrivateKey:
    if pem not in _loaded:
        _loaded[pem] = crypto.load_private_key_pem(pem)
    return _loaded[pem]


def key_named_by_request(
    environment: str, usage: CertificateUsage, public_key_id: str | None
) -> KeyPair:
    """The key a request's ``publicKeyId`` names (the current one when it names none);
    an unknown or retired id is KSeF's 400 21470."""
    key = (
        find_key(environment, usage, public_key_id)
        if public_key_id
        else current_key(environment, usage)
    )
    if key is None:
        raise BadRequest(
            ExceptionCode.UNKNOWN_PUBLIC_KEY,
            f"Klucz o identyfikatorze {public_key_id} nie jest wspierany.",
        )
    return key


def private_key(key: KeyPair) -> rsa.RSAPrivateKey:
    return _load(key.private_key_pem)


def rotate(environment: str, usage: CertificateUsage) -> KeyPair:
    """Retire the current key for ``usage`` and publish a new one (KSeF then answers 21470
    to anyone still using the old ``publicKeyId``)."""
    KeyPair.objects.filter(environment=environment, usage=usage.value).update(retired=True)
    return _create(environment, usage)
