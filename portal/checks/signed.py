"""The check without a token: the challenge a person signs, the file offered for signing, and the
signed request's arrival, after which the check runs as any other (lifecycle, runner).

A signed ``AuthTokenRequest`` answers one challenge (unique, valid for 10 minutes) and names one
NIP, and the portal sends it to KSeF once: far less to hand over than a KSeF token. Until KSeF
has used it, it is still a credential, so it is kept only sealed in the check's row
(tokenvault), never in a task argument or a log.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from portal.checks import lifecycle, pacing, runner, steps, tokenvault
from portal.checks.config import get_config
from portal.checks.models import (
    Credential,
    Method,
    Outcome,
    SessionCheck,
    Status,
    StepName,
    Transport,
)
from portal.ksef.auth_request import build_auth_token_request
from portal.ksef.errors import KsefError, KsefHttpError
from portal.ksef.protocol import CHALLENGE_VALIDITY_SECONDS
from portal.ksef.signed_request import SignedRequest
from portal.lib.clock import Clock

FILENAME = "AuthTokenRequest.xml"


class ChallengeUnavailable(Exception):
    """KSeF gave no challenge now (or asked not to be asked before ``until``)."""

    def __init__(self, *, until: datetime | None = None, failure: str = "") -> None:
        self.until = until
        self.failure = failure
        super().__init__(failure or "challenge unavailable")


class AlreadySent(Exception):
    """The check is past waiting for its signed request (sent already, or another upload won)."""


def request_challenge(environment: str, nip: str, *, client_key: str, clock: Clock) -> SessionCheck:
    """Start a check without a token: count the start, ask KSeF for a challenge and keep it in a
    new check that waits for the signed request. Raises queueing.PortalBusy, TooManyChecks or
    ChallengeUnavailable before anything is stored."""
    now = clock.now()
    lifecycle.count_start(nip, client_key, now)
    # The challenge is limited per address (limity-api.md): within the address's share of
    # authentications, as an attempt's, which also keeps a pause KSeF asked for with 429.
    busy_until = pacing.reserve_authentication(environment, now)
    if busy_until is not None:
        raise ChallengeUnavailable(until=busy_until)
    started = clock.monotonic()
    try:
        with runner.new_client(environment, clock) as client:
            challenge = client.challenge()
    except KsefError as exc:
        if isinstance(exc, KsefHttpError) and exc.status == 429 and exc.retry_after_seconds:
            until = clock.now() + timedelta(seconds=exc.retry_after_seconds)
            pacing.honour_retry_after(environment, pacing.ALL, until)
            raise ChallengeUnavailable(until=until) from None
        raise ChallengeUnavailable(failure=steps.error_codes(exc).get("detail", "")) from None
    issued = datetime.fromtimestamp(challenge.timestamp_ms / 1000, tz=UTC)
    check = SessionCheck.objects.create(
        method=Method.SIGNATURE,
        status=Status.AWAITING_SIGNATURE,
        environment=environment,
        nip=nip,
        created_at=now,
        # Replaced by the retry window when the signed request arrives.
        deadline=issued + timedelta(seconds=CHALLENGE_VALIDITY_SECONDS),
        challenge=challenge.challenge,
        challenge_issued_at=issued,
        credential=Credential.SIGNED_REQUEST,
        client_key=client_key,
    )
    steps.record_step(
        check,
        StepName.CHALLENGE,
        Outcome.OK,
        at=clock.now(),
        duration_seconds=clock.monotonic() - started,
        http_status=200,
        transport=Transport.ANSWERED,
        detail=challenge.challenge,
    )
    return check


def document(check: SessionCheck) -> bytes:
    """The unsigned ``AuthTokenRequest.xml`` of the check's challenge and NIP."""
    return build_auth_token_request(check.challenge, check.nip)


@sensitive_variables()
def submit(check: SessionCheck, signed: SignedRequest, now: datetime) -> None:
    """Keep the signed request, sealed, and make the check due: a worker takes its first attempt
    from the database. ``signed`` passed every check of ``portal.ksef.signed_request`` for this
    check's challenge and NIP."""
    sealed = tokenvault.seal_bytes(signed.xml)
    signer = signed.signer
    with transaction.atomic():
        # Of two uploads at once only one moves the check on.
        taken = SessionCheck.objects.filter(pk=check.pk, status=Status.AWAITING_SIGNATURE).update(
            status=Status.QUEUED,
            credential=Credential.SIGNED_REQUEST,
            token_ciphertext=sealed,
            deadline=now + get_config().retry_window,
            signer_type=signer.type.value if signer else "",
            signer=signer.masked() if signer else "",
        )
    if not taken:
        raise AlreadySent("the check is not waiting for a signed request")
