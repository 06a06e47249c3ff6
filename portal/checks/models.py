"""A session check, the steps it took, and the shared pacing of calls to KSeF."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.checks.causes import Cause
from portal.checks.readings import RetryReason
from portal.ksef.protocol import CHALLENGE_VALIDITY_SECONDS
from portal.latarnia.models import LatarniaReading


def new_public_id() -> str:
    # 128 random bits: the check's page is reachable by anyone who has the link, like a
    # bookmarkable receipt, so the link itself must be unguessable.
    return secrets.token_urlsafe(16)


class Status(models.TextChoices):
    # A check without a token before its signed request arrives: it has a challenge and nothing
    # secret, calls nothing and is never due (lifecycle.due).
    AWAITING_SIGNATURE = "awaiting-signature", _("Czeka na podpisany wniosek")
    QUEUED = "queued", _("W kolejce")
    RUNNING = "running", _("W toku")
    WAITING = "waiting", _("Czeka na kolejną próbę")
    DONE = "done", _("Zakończone")
    NOT_STARTED = "not-started", _("Nie udało się uruchomić")
    ABANDONED = "abandoned", _("Przerwane")


ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING, Status.WAITING)


class Method(models.TextChoices):
    """How the check logs in: the user's KSeF token, or a request the user signed (XAdES)."""

    TOKEN = "token", _("token KSeF")
    SIGNATURE = "signature", _("podpisany wniosek (XAdES)")


class Credential(models.TextChoices):
    """What ``token_ciphertext`` holds now. A token check holds the token from start to end. A
    signed check holds the signed request until it is sent (once, then erased), then the
    authentication token while KSeF still checks the certificate, then the refresh token until
    the check ends and ends the authentication session with it."""

    KSEF_TOKEN = "ksef-token", _("token KSeF")
    SIGNED_REQUEST = "signed-request", _("podpisany wniosek")
    AUTHENTICATION = "authentication", _("token operacji uwierzytelnienia")
    REFRESH_TOKEN = "refresh-token", _("refresh token")


class SessionCheck(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    environment = models.CharField(max_length=16)
    nip = models.CharField(max_length=10, db_index=True)
    try_other_environments = models.BooleanField(default=False)
    status = models.CharField(
        max_length=24, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    cause = models.CharField(max_length=32, choices=Cause.choices, blank=True)
    tone = models.CharField(max_length=8, blank=True)  # the verdict's notice style: ok, warn, bad
    # What the verdict's text shows (minutes waited, permissions, incident id...). Never a token.
    facts = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(db_index=True)
    deadline = models.DateTimeField()
    # Due: queued, waiting past next_attempt_at, or running past lease_until (see lifecycle).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # When its latest attempt was claimed, and how long that attempt took once it ended: what
    # the queue's expected wait is computed from (portal/checks/queueing.py).
    claimed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempt_seconds = models.FloatField(null=True, blank=True)
    # What the diagnosis carries from one attempt to the next.
    first_denied_at = models.DateTimeField(null=True, blank=True)
    denied_for = models.CharField(max_length=16, blank=True)  # why KSeF last refused
    denied_detail = models.CharField(max_length=500, blank=True)  # and in which words
    transient_failures = models.PositiveSmallIntegerField(default=0)
    # Why a waiting check waits: what decide said when it chose to try again.
    retry_reason = models.CharField(
        max_length=16, choices=[(r.value, r.value) for r in RetryReason], blank=True
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    # What Latarnia reported when a verdict an outage may explain fell (causes.OUTAGE_LIKE):
    # the page quotes it.
    latarnia_reading = models.ForeignKey(
        LatarniaReading, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Fernet ciphertext of the check's secret (``credential`` says which) while the check runs;
    # emptied when it ends.
    token_ciphertext = models.TextField(blank=True, default="", editable=False)
    credential = models.CharField(
        max_length=16, choices=Credential.choices, default=Credential.KSEF_TOKEN, editable=False
    )
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.TOKEN)
    # A signed check: the challenge its request answers, when KSeF issued it (its timestamp),
    # and the reference number of the authentication it started (not secret: support quotes it).
    challenge = models.CharField(max_length=36, blank=True)
    challenge_issued_at = models.DateTimeField(null=True, blank=True)
    auth_reference = models.CharField(max_length=64, blank=True)
    # Who signed, read from the certificate as KSeF reads it (portal.ksef.signer), masked.
    signer_type = models.CharField(max_length=16, blank=True)
    signer = models.CharField(max_length=80, blank=True)
    # Keyed hash of the client address, only to rate-limit starting checks.
    client_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sprawdzenie sesji")
        verbose_name_plural = _("sprawdzenia sesji")

    def __str__(self) -> str:
        return f"{self.public_id} ({self.environment}, {self.masked_nip})"

    @property
    def masked_nip(self) -> str:
        return mask_nip(self.nip)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_signed(self) -> bool:
        return self.method == Method.SIGNATURE

    @property
    def challenge_expires_at(self) -> datetime | None:
        if self.challenge_issued_at is None:
            return None
        return self.challenge_issued_at + timedelta(seconds=CHALLENGE_VALIDITY_SECONDS)

    def seconds_to_next_attempt(self, now: datetime) -> int | None:
        if self.status != Status.WAITING or self.next_attempt_at is None:
            return None
        return max(0, round((self.next_attempt_at - now).total_seconds()))


def mask_nip(nip: str) -> str:
    """First three and last two digits: enough to recognise one's own NIP on the page."""
    if len(nip) != 10:
        return "*" * len(nip)
    return f"{nip[:3]}*****{nip[-2:]}"


class StepName(models.TextChoices):
    PACING = "pacing", _("Kolejka do limitu KSeF")
    PORTAL_BLOCK = "portal-block", _("Adres portalu zablokowany w KSeF")
    CERTIFICATES = "certificates", _("Certyfikaty klucza publicznego")
    CHALLENGE = "challenge", _("Wyzwanie (challenge)")
    AUTHENTICATION = "authentication", _("Uwierzytelnienie tokenem")
    SIGNATURE = "signature", _("Uwierzytelnienie podpisanym wnioskiem")
    AUTH_STATUS = "auth-status", _("Status uwierzytelnienia")
    ACCESS_TOKEN = "access-token", _("Token dostępu")
    REFRESH = "refresh", _("Odświeżenie tokenu dostępu")
    PERMISSIONS = "permissions", _("Uprawnienia w kontekście")
    TOKEN_STATUS = "token-status", _("Status i zakres tokenu")
    SESSION_OPEN = "session-open", _("Otwarcie sesji")
    SESSION_CLOSE = "session-close", _("Zamknięcie sesji")
    AUTH_SESSION_END = "auth-session-end", _("Zakończenie sesji uwierzytelnienia")
    RETRY = "retry", _("Kolejna próba")
    OTHER_ENVIRONMENT = "other-environment", _("Token w innym środowisku")
    WORKER = "worker", _("Przetwarzanie w tle")


class Outcome(models.TextChoices):
    OK = "ok", _("udane")
    FAIL = "fail", _("nieudane")
    WAIT = "wait", _("oczekiwanie")


class Transport(models.TextChoices):
    """How a step's call to KSeF ended on the wire: with an answer, whatever it said, or without
    one, for the reason the client gave (portal.ksef.errors.TransportErrorKind)."""

    ANSWERED = "answered", _("odpowiedź")
    TIMEOUT = "timeout", _("brak odpowiedzi w czasie")
    CONNECTION = "connection", _("błąd połączenia")
    TLS = "tls", _("błąd TLS")
    OTHER = "other", _("inny błąd transportu")


class CheckStep(models.Model):
    session_check = models.ForeignKey(SessionCheck, on_delete=models.CASCADE, related_name="steps")
    attempt = models.PositiveSmallIntegerField(default=0)
    environment = models.CharField(max_length=16)
    name = models.CharField(max_length=32, choices=StepName.choices)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    # Empty for a step that called no KSeF (our pacing, the retry marker, a worker failure).
    transport = models.CharField(max_length=16, choices=Transport.choices, blank=True)
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # KSeF's own codes, as they came; never a token or a request body.
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    auth_status = models.PositiveSmallIntegerField(null=True, blank=True)
    reason_code = models.CharField(max_length=64, blank=True)
    exception_codes = models.JSONField(default=list, blank=True)
    trace_id = models.CharField(max_length=128, blank=True)
    system_warning = models.CharField(max_length=500, blank=True)
    # The gateway's headers: an empty or HTML 403 has no other clue support can find it by.
    azure_ref = models.CharField(max_length=128, blank=True)
    cdn = models.CharField(max_length=64, blank=True)
    server = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    permissions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} {self.outcome}"


class PaceKey(models.Model):
    """One row per environment and NIP: the lock that serialises slot reservations for it, and
    the time before which KSeF asked (Retry-After) not to be called in that context."""

    environment = models.CharField(max_length=16)
    nip = models.CharField(max_length=10)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["environment", "nip"], name="checks_pacekey_unique")
        ]

    def __str__(self) -> str:
        return f"{self.environment} {mask_nip(self.nip)}"


class SessionCall(models.Model):
    """A POST /sessions/online the portal made (or reserved), for pacing across all users."""

    key = models.ForeignKey(PaceKey, on_delete=models.CASCADE, related_name="calls")
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} {self.at:%H:%M:%S}"


class AddressBlock(models.Model):
    """KSeF's security service blocks the address the portal calls from, in one environment:
    no check there calls KSeF before ``until`` (see portal/checks/blocks.py)."""

    environment = models.CharField(max_length=16, unique=True)
    since = models.DateTimeField()
    until = models.DateTimeField()
    incident_id = models.CharField(max_length=128, blank=True)
    client_ip = models.CharField(max_length=45, blank=True)

    class Meta:
        verbose_name = _("blokada adresu portalu")
        verbose_name_plural = _("blokady adresu portalu")

    def __str__(self) -> str:
        return f"{self.environment} blocked until {self.until:%Y-%m-%d %H:%M}"
