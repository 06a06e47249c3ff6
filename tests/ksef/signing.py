"""Signed logins for tests: a person's certificate and a signed AuthTokenRequest.

Signing goes through signxml (``portal.simulator.signing``), the library a person's own tool
would use, never through the simulator's verification.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.ksef.auth_request import build_auth_token_request
from portal.ksef.client import KsefClient
from portal.simulator import clock, demo_certificates
from portal.simulator.demo_certificates import DEMO_PESEL, Issued
from portal.simulator.signing import sign_auth_token_request


def self_signed_person(
    pesel: str = DEMO_PESEL, *, valid_from: datetime | None = None, days: int = 365
) -> Issued:
    start = valid_from or clock.now() - timedelta(days=1)
    name = demo_certificates.person_name(f"PNOPL-{pesel}", given_name="Anna", surname="Testowa")
    return demo_certificates.issue(name, valid_from=start, valid_to=start + timedelta(days=days))


def sign(document: bytes, signer: Issued) -> bytes:
    return sign_auth_token_request(
        document, signer.certificate_pem.encode(), signer.key_pem.encode()
    )


def signed_request(client: KsefClient, nip: str, signer: Issued) -> bytes:
    """A fresh challenge from ``client``'s environment, the request for ``nip``, signed."""
    challenge = client.challenge()
    return sign(build_auth_token_request(challenge.challenge, nip), signer)
