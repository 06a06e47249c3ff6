"""What a finished check can conclude (a Cause), and what a conclusion tells its reader (a
Verdict). The diagnosis picks the cause; each cause's verdict is a row in verdicts.VERDICTS."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.checks.sources import Source


class Cause(models.TextChoices):
    SESSION_OK = "session-ok", _("Sesja otwarta")
    SESSION_NOT_CLOSED = "session-not-closed", _("Sesja otwarta, zamknięcie odrzucone")
    PROPAGATION = "propagation", _("Uprawnienia się propagowały")
    STILL_MISSING = "still-missing", _("Uprawnienia wciąż niewidoczne")
    NO_RIGHTS_FOR_NIP = "no-rights-for-nip", _("Brak uprawnień dla tego NIP")
    OTHER_ENTITY = "other-entity", _("Uprawnienia nadane innemu podmiotowi")
    SCOPE = "scope", _("Token bez uprawnienia do wystawiania faktur")
    WRONG_ENVIRONMENT = "wrong-environment", _("Niewłaściwe środowisko")
    TOKEN_UNRECOGNISED = "token-unrecognised", _("Środowisko nie zna tokenu")
    KSEF1_TOKEN = "ksef1-token", _("Token z KSeF 1.0")
    TOKEN_STATUS = "token-status", _("Token unieważniony lub nieznany")
    TOKEN_ACTIVATED = "token-activated", _("Token aktywował się w trakcie sprawdzenia")
    TOKEN_FAILED = "token-failed", _("Token się nie aktywował")
    AUTH_REVOKED = "auth-revoked", _("Uwierzytelnienie unieważnione")
    NO_PERMISSIONS_AT_ALL = (
        "no-permissions-at-all",
        _("Brak jakichkolwiek uprawnień po zalogowaniu"),
    )
    IP_NOT_ALLOWED = "ip-not-allowed", _("Adres IP niedozwolony")
    SECURITY_BLOCK = "security-block", _("Blokada usługi bezpieczeństwa KSeF")
    PORTAL_BLOCKED = "portal-blocked", _("KSeF zablokował adres portalu")
    RATE_LIMITED = "rate-limited", _("Limit wywołań KSeF")
    PORTAL_PACED = "portal-paced", _("Portal wstrzymał sprawdzenie")
    KSEF_UNAVAILABLE = "ksef-unavailable", _("KSeF niedostępny")
    UNEXPECTED = "unexpected", _("Nieoczekiwana odpowiedź")
    PORTAL_FAULT = "portal-fault", _("Błąd po stronie portalu")
    # The check without a token (a signed AuthTokenRequest).
    SIGNED_SESSION_OK = "signed-session-ok", _("Podpis działa, sesja otwarta")
    SIGNATURE_NO_RIGHTS = "signature-no-rights", _("Podpis bez prawa do działania za ten NIP")
    CERTIFICATE_REFUSED = "certificate-refused", _("Certyfikat podpisu odrzucony")
    DECEASED_PERSON = "deceased-person", _("Metody uwierzytelnienia osoby zmarłej")
    SIGNED_REQUEST_REFUSED = "signed-request-refused", _("Podpisany wniosek odrzucony")
    SIGNED_LOGIN_UNFINISHED = "signed-login-unfinished", _("Logowanie podpisem niedokończone")


# Ends that an outage of KSeF may explain: when Latarnia reports a failure or maintenance in the
# check's environment as the verdict is decided, the verdict quotes the announcement.
OUTAGE_LIKE = frozenset({Cause.KSEF_UNAVAILABLE, Cause.UNEXPECTED, Cause.SIGNED_LOGIN_UNFINISHED})


@dataclass(frozen=True)
class Verdict:
    title: str | Promise
    explanation: str | Promise
    next_steps: tuple[str | Promise, ...]
    tone: str  # "ok", "warn" or "bad": the notice style of site.css
    sources: tuple[Source, ...]
