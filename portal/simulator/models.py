"""What the simulator remembers, per environment, so the web and worker processes agree.

Secrets that callers send (KSeF tokens, bearer tokens) are stored only as SHA-256 digests.
"""

from __future__ import annotations

import hashlib

from django.db import models

from portal.ksef.protocol import Environment, TokenStatusValue

ENVIRONMENT_CHOICES = [(env.value, env.value) for env in Environment]
TOKEN_STATUS_CHOICES = [(status.value, status.value) for status in TokenStatusValue]


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Fault(models.TextChoices):
    """Answers a token provokes instead of KSeF's own: the auth-* ones end its authentication,
    the others come from POST /sessions/online with its access token."""

    NONE = "", "none"
    GATEWAY_403 = "gateway-403", "403 from the gateway, empty body"
    FIREWALL_403 = "firewall-403", "403 'Request blocked' from the firewall"
    IP_NOT_ALLOWED = "ip-not-allowed", "403 ip-not-allowed"
    SECURITY_BLOCKED = "security-blocked", "403 security-service-blocked"
    INSUFFICIENT_RESOURCE_ACCESS = (
        "insufficient-resource-access",
        "403 insufficient-resource-access",
    )
    AUTH_METHOD_NOT_ALLOWED = "auth-method-not-allowed", "403 auth-method-not-allowed"
    CONTEXT_TYPE_NOT_ALLOWED = "context-type-not-allowed", "403 context-type-not-allowed"
    RATE_LIMITED = "429", "429 with Retry-After"
    RATE_LIMITED_LONG = "429-long", "429 with a long Retry-After"
    UNAVAILABLE = "5xx", "503 with Retry-After"
    SLOW = "slow", "answer slower than the client's timeout"
    AUTH_BLOCKED = "auth-blocked", "authentication status 480 (blocked)"
    AUTH_CANCELLED = "auth-cancelled", "authentication status 550 (cancelled by the system)"
    AUTH_REVOKED = "auth-revoked", "authentication status 425 (revoked by the user)"
    NO_PERMISSIONS_AT_ALL = (
        "no-permissions-at-all",
        "authentication succeeds with no permissions at all",
    )
    AUTH_UNKNOWN_ERROR = "auth-500", "authentication status 500 (unknown error)"
    REDEEM_IN_PROGRESS = "redeem-100", "redeem 21301: status (100) right after 200"
    JS_CHALLENGE = "js-challenge", "200 with the CDN's JavaScript challenge page"
    HTML_403 = "html-403", "403 with the CDN's HTML block page"
    SESSION_KEY_REFUSED = "session-415", "session opens, then status 415: key not decrypted"


class KeyPair(models.Model):
    """One of the simulator's RSA keys and the self-signed certificate it publishes."""

    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    usage = models.CharField(max_length=32)
    private_key_pem = models.TextField()
    certificate = models.TextField(help_text="base64 DER X.509")
    public_key_id = models.CharField(max_length=44, unique=True)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField()
    retired = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.environment} {self.usage} {self.public_key_id}"


class Subject(models.Model):
    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    nip = models.CharField(max_length=10)
    description = models.CharField(max_length=256, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["environment", "nip"], name="ksefsim_subject_unique")
        ]

    def __str__(self) -> str:
        return f"{self.environment} {self.nip}"


class SimToken(models.Model):
    """A KSeF token: generated in the context ``nip`` by ``author_nip`` with fixed permissions."""

    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    reference_number = models.CharField(max_length=36)
    token_digest = models.CharField(max_length=64)
    nip = models.CharField(max_length=10, help_text="context the token was generated in")
    author_nip = models.CharField(max_length=10)
    permissions = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=TOKEN_STATUS_CHOICES, default=TokenStatusValue.ACTIVE.value
    )
    # A Pending token turns Active at pending_until; when only pending_seconds is set, the
    # window starts at the first authentication attempt, so a demo shows it from the start.
    pending_until = models.DateTimeField(null=True, blank=True)
    pending_seconds = models.PositiveIntegerField(null=True, blank=True)
    # TokenStatusResponse.statusDetails, e.g. why a Failed token did not activate.
    status_details = models.JSONField(default=list, blank=True)
    description = models.CharField(max_length=256, default="Token KSeF")
    fault = models.CharField(max_length=32, choices=Fault.choices, blank=True, default="")
    # How many more times the fault answers (each answer uses one); empty: every time.
    fault_times = models.PositiveSmallIntegerField(null=True, blank=True)
    scenario = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["environment", "token_digest"], name="ksefsim_token_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.environment} {self.reference_number} ({self.status})"


class Grant(models.Model):
    """A permission in ``context_nip`` for ``authorized_value``, visible after propagation."""

    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    grant_id = models.CharField(max_length=36, unique=True)
    context_nip = models.CharField(max_length=10)
    authorized_type = models.CharField(max_length=12, default="Nip")
    authorized_value = models.CharField(max_length=64)
    permission = models.CharField(max_length=40)
    description = models.CharField(max_length=256, default="Uprawnienie testowe")
    granted_at = models.DateTimeField(null=True, blank=True)
    # Null while the grant waits for its first use to start the propagation (demo scenarios).
    visible_at = models.DateTimeField(null=True, blank=True)
    propagation_seconds = models.PositiveIntegerField(default=0)
    scenario = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"{self.environment} {self.context_nip}: {self.permission} → {self.authorized_value}"


class Challenge(models.Model):
    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    challenge = models.CharField(max_length=36, unique=True)
    timestamp_ms = models.BigIntegerField()
    created_at = models.DateTimeField()
    client_ip = models.CharField(max_length=45)
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.environment} {self.challenge}"


class AuthOperation(models.Model):
    """One authentication; its outcome is decided on submission and shown after a delay."""

    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    reference_number = models.CharField(max_length=36, unique=True)
    authentication_token_digest = models.CharField(max_length=64, unique=True)
    token = models.ForeignKey(SimToken, null=True, blank=True, on_delete=models.SET_NULL)
    context_nip = models.CharField(max_length=10)
    start_date = models.DateTimeField()
    completes_at = models.DateTimeField()
    valid_until = models.DateTimeField()
    status_code = models.PositiveIntegerField()
    status_details = models.JSONField(default=list)
    # The permissions the access token will carry: known at authentication, never updated.
    permissions = models.JSONField(default=list)
    redeemed = models.BooleanField(default=False)
    # Who logged in with a signed AuthTokenRequest, as read from the certificate (Pesel, Nip or
    # Fingerprint); empty for a KSeF token, whose author is the token's.
    subject_type = models.CharField(max_length=12, blank=True)
    subject_value = models.CharField(max_length=64, blank=True)
    # AuthenticationMethod, e.g. Token, QualifiedSignature, QualifiedSeal.
    method = models.CharField(max_length=24, default="Token")
    # Set by redeem: the refresh token works (and the session is active) until then.
    refresh_token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    refresh_valid_until = models.DateTimeField(null=True, blank=True)
    # DELETE /auth/sessions/current: the session ends and its refresh token stops working.
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.environment} {self.reference_number} ({self.status_code})"


class AccessToken(models.Model):
    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    token_digest = models.CharField(max_length=64, unique=True)
    # Redeem's access token only; the refresh token itself belongs to the operation.
    refresh_token_digest = models.CharField(max_length=64, blank=True)
    operation = models.ForeignKey(AuthOperation, on_delete=models.CASCADE)
    context_nip = models.CharField(max_length=10)
    permissions = models.JSONField(default=list)
    fault = models.CharField(max_length=32, choices=Fault.choices, blank=True, default="")
    valid_until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.environment} access token for {self.context_nip}"


class OnlineSession(models.Model):
    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    reference_number = models.CharField(max_length=36, unique=True)
    access_token = models.ForeignKey(AccessToken, on_delete=models.CASCADE)
    context_nip = models.CharField(max_length=10)
    form_code = models.JSONField()
    # KSeF opens the session anyway (201) and reports status 415 afterwards.
    key_decryption_failed = models.BooleanField(default=False)
    opened_at = models.DateTimeField()
    valid_until = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.environment} {self.reference_number}"


class RequestLog(models.Model):
    """One rate-limited request, counted per (environment, path, context, client IP)."""

    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    path = models.CharField(max_length=80)
    context_nip = models.CharField(max_length=10)
    client_ip = models.CharField(max_length=45)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.environment} {self.path} {self.context_nip} {self.client_ip} {self.at}"


class RateLimitBlock(models.Model):
    """The current 429 block of one (environment, path, context, client IP)."""

    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    path = models.CharField(max_length=80)
    context_nip = models.CharField(max_length=10)
    client_ip = models.CharField(max_length=45)
    until = models.DateTimeField()
    seconds = models.PositiveIntegerField(help_text="length of the block when last set")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["environment", "path", "context_nip", "client_ip"],
                name="ksefsim_ratelimitblock_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.environment} {self.path} {self.context_nip} {self.client_ip} {self.until}"


class DemoCertificate(models.Model):
    """A certificate and its key that the simulator hands out for signing AuthTokenRequest
    locally: its own demo CA, and people's certificates that CA issued. Public by design."""

    name = models.CharField(max_length=32, unique=True)
    certificate_pem = models.TextField()
    private_key_pem = models.TextField()

    def __str__(self) -> str:
        return self.name


class LatarniaEvent(models.Model):
    """A failure or a maintenance that the simulator's Latarnia announces for an environment.

    A failure lasts until someone ends it (``end`` set then); a maintenance is announced with
    its window. Latarnia's messages are derived from these rows, see portal/simulator/latarnia.py.
    """

    environment = models.CharField(max_length=8, choices=ENVIRONMENT_CHOICES)
    # Latarnia's message categories: FAILURE, TOTAL_FAILURE, MAINTENANCE.
    category = models.CharField(max_length=16)
    text = models.TextField()
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    published = models.DateTimeField()
    ended_published = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.environment} {self.category} from {self.start:%Y-%m-%d %H:%M}"
