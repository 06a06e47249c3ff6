"""Named demo scenarios: one fixed, published token per cause a session check can diagnose.

The tokens are fakes of the real shape ``<reference number>|nip-<NIP>|<64 hex>``, derived from
the scenario's name so they never change between installs and can be printed, listed and
documented. ``installing.py`` puts them in the database.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.ksef.protocol import Environment, Permission, TokenStatusValue, is_valid_nip
from portal.simulator.models import Fault

READ = Permission.INVOICE_READ.value
WRITE = Permission.INVOICE_WRITE.value
ENFORCEMENT = Permission.ENFORCEMENT_OPERATIONS.value


def _nip(seed: str) -> str:
    """A valid, made-up NIP derived from ``seed`` (KSeF's test environment accepts those)."""
    number = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    while True:
        candidate = f"{number % 10**9:09d}"
        if candidate[0] != "0":
            for check in range(10):
                if is_valid_nip(candidate + str(check)):
                    return candidate + str(check)
        number //= 7


def _token(name: str, nip: str) -> str:
    seed = hashlib.sha256(f"ksef-simulator-demo:{name}".encode()).hexdigest().upper()
    reference = f"20251001-EC-{seed[:10]}-{seed[10:20]}-{seed[20:22]}"
    secret = hashlib.sha256(f"ksef-simulator-secret:{name}".encode()).hexdigest()
    return f"{reference}|nip-{nip}|{secret}"


@dataclass(frozen=True)
class ScenarioGrant:
    permission: str
    authorized_nip: str
    # Starts propagating at the first authentication (KSEF_SIMULATOR_PROPAGATION_SECONDS).
    delayed: bool = False


@dataclass(frozen=True)
class Scenario:
    """What a person types (environment, NIP, token) and what the check should conclude."""

    name: str
    title: str | Promise
    environment: Environment  # where to try it
    nip: str  # the NIP to type
    token: str
    shows: str | Promise  # what KSeF answers, as the check will see it
    diagnosis: str  # the cause of the check's verdict (portal.checks.causes.Cause)
    # Where the token exists (None: nowhere), its context, author and permissions.
    token_environment: Environment | None
    token_nip: str
    author_nip: str
    permissions: tuple[str, ...] = (READ, WRITE)
    status: TokenStatusValue = TokenStatusValue.ACTIVE
    status_details: tuple[str, ...] = ()
    pending: bool = False
    fault: Fault = Fault.NONE
    fault_times: int | None = None  # how many times the fault answers; None: every time
    grants: tuple[ScenarioGrant, ...] = ()

    @property
    def reference_number(self) -> str:
        return self.token.split("|", 1)[0]


def _owner(
    name: str,
    title: str | Promise,
    shows: str | Promise,
    diagnosis: str,
    *,
    environment: Environment = Environment.TEST,
    **setup: Any,
) -> Scenario:
    """A scenario whose token belongs to the context's owner (author NIP = context NIP);
    ``setup`` overrides any other field (permissions, status, fault, token_environment...)."""
    nip = _nip(name)
    owner = Scenario(
        name=name,
        title=title,
        environment=environment,
        nip=nip,
        token=_token(name, nip),
        shows=shows,
        diagnosis=diagnosis,
        token_environment=environment,
        token_nip=nip,
        author_nip=nip,
    )
    return dataclasses.replace(owner, **setup)


def _scenarios() -> list[Scenario]:
    propagation_nip, propagation_author = _nip("propagation"), _nip("propagation-author")
    entity_nip, entity_author, entity_other = (
        _nip("other-entity"),
        _nip("other-entity-author"),
        _nip("other-entity-recipient"),
    )
    no_rights_nip, no_rights_author = _nip("no-rights"), _nip("no-rights-author")
    other_nip_token_nip, other_nip_typed = _nip("other-nip-token"), _nip("other-nip")
    html_403_author = _nip("html-403-author")
    return [
        _owner(
            "ok",
            _("Wszystko działa"),
            _("Uwierzytelnienie 200, sesja online otwarta (201) i zamknięta (204)."),
            "session-ok",
        ),
        Scenario(
            name="propagation",
            title=_("Nowe uprawnienie jeszcze niewidoczne"),
            environment=Environment.TEST,
            nip=propagation_nip,
            token=_token("propagation", propagation_nip),
            shows=_(
                "Uwierzytelnienie 200, sesja online 403 missing-permissions (obecne tylko "
                "InvoiceRead). InvoiceWrite zaczyna być widoczne po "
                "KSEF_SIMULATOR_PROPAGATION_SECONDS od pierwszej próby; wtedy nowe "
                "uwierzytelnienie się udaje."
            ),
            diagnosis="propagation",
            token_environment=Environment.TEST,
            token_nip=propagation_nip,
            author_nip=propagation_author,
            grants=(
                ScenarioGrant(READ, propagation_author),
                ScenarioGrant(WRITE, propagation_author, delayed=True),
            ),
        ),
        _owner(
            "pending",
            _("Token jeszcze nieaktywny (Pending)"),
            _(
                "Status uwierzytelnienia 450 „Token nieaktywny” przez "
                "KSEF_SIMULATOR_PENDING_SECONDS od pierwszej próby, potem token działa: "
                "aktywował się w trakcie sprawdzenia."
            ),
            "token-activated",
            status=TokenStatusValue.PENDING,
            pending=True,
        ),
        Scenario(
            name="other-nip",
            title=_("Token wygenerowany dla innego NIP"),
            environment=Environment.TEST,
            nip=other_nip_typed,
            token=_token("other-nip", other_nip_token_nip),
            shows=_(
                "Status uwierzytelnienia 450 „Token nie może być użyty w kontekście …”; "
                "NIP zapisany w tokenie różni się od wpisanego."
            ),
            diagnosis="no-rights-for-nip",
            token_environment=Environment.TEST,
            token_nip=other_nip_token_nip,
            author_nip=other_nip_token_nip,
        ),
        Scenario(
            name="no-rights",
            title=_("Brak jakichkolwiek uprawnień w kontekście NIP"),
            environment=Environment.TEST,
            nip=no_rights_nip,
            token=_token("no-rights", no_rights_nip),
            shows=_("Status uwierzytelnienia 415 „Brak przypisanych uprawnień”."),
            diagnosis="no-rights-for-nip",
            token_environment=Environment.TEST,
            token_nip=no_rights_nip,
            author_nip=no_rights_author,
        ),
        Scenario(
            name="other-entity",
            title=_("Uprawnienie nadane innemu podmiotowi"),
            environment=Environment.TEST,
            nip=entity_nip,
            token=_token("other-entity", entity_nip),
            shows=_(
                "Uwierzytelnienie 200, sesja online 403 missing-permissions (obecne tylko "
                "InvoiceRead); token prosi o InvoiceWrite, ale lista własnych uprawnień go nie "
                "zawiera: InvoiceWrite nadano innemu NIP."
            ),
            diagnosis="other-entity",
            token_environment=Environment.TEST,
            token_nip=entity_nip,
            author_nip=entity_author,
            grants=(
                ScenarioGrant(READ, entity_author),
                ScenarioGrant(WRITE, entity_other),
            ),
        ),
        _owner(
            "read-only",
            _("Token bez prawa wysyłania faktur"),
            _(
                "Uwierzytelnienie 200, sesja online 403 missing-permissions z presentPermissions "
                "[InvoiceRead]; requestedPermissions tokena to tylko InvoiceRead."
            ),
            "scope",
            permissions=(READ,),
        ),
        _owner(
            "wrong-environment",
            _("Token z innego środowiska"),
            _(
                "Na środowisku test status 450 „Nieprawidłowy token”; ten sam token działa na "
                "środowisku demo, co sprawdzenie potwierdza za zgodą na inne środowiska (bez "
                "niej: token-unrecognised)."
            ),
            "wrong-environment",
            token_environment=Environment.DEMO,
        ),
        _owner(
            "revoked",
            _("Token unieważniony"),
            _("Status uwierzytelnienia 450 „Token unieważniony”."),
            "token-status",
            status=TokenStatusValue.REVOKED,
        ),
        _owner(
            "unknown",
            _("Token nieznany w żadnym środowisku"),
            _(
                "Status uwierzytelnienia 450 „Nieprawidłowy token” na każdym środowisku (za "
                "zgodą na inne środowiska; bez niej: token-unrecognised)."
            ),
            "token-status",
            token_environment=None,
        ),
        _owner(
            "ip-not-allowed",
            _("Adres IP spoza dozwolonych"),
            _("Sesja online 403 ip-not-allowed z clientIp."),
            "ip-not-allowed",
            fault=Fault.IP_NOT_ALLOWED,
        ),
        _owner(
            "security-blocked",
            _("Blokada bezpieczeństwa"),
            _(
                "Sesja online 403 security-service-blocked z incidentId i clientIp adresu, "
                "z którego łączy się portal: zablokowany jest portal, więc wstrzymuje na godzinę "
                "wszystkie sprawdzenia w tym środowisku."
            ),
            "portal-blocked",
            fault=Fault.SECURITY_BLOCKED,
        ),
        _owner(
            "gateway-403",
            _("403 z bramy, pusta treść"),
            _("Sesja online 403 bez treści; tylko nagłówki Trace-Id, x-azure-ref, Server, X-CDN."),
            "unexpected",
            fault=Fault.GATEWAY_403,
        ),
        _owner(
            "firewall-403",
            _("403 „Request blocked” z zapory"),
            _(
                "Sesja online 403 {title: Request blocked} bez reasonCode, z incidentId i "
                "clientIp portalu: jak blokada adresu w CIRFMF/ksef-api #617."
            ),
            "portal-blocked",
            fault=Fault.FIREWALL_403,
        ),
        _owner(
            "insufficient-resource-access",
            _("Brak dostępu do zasobu"),
            _("Sesja online 403 insufficient-resource-access."),
            "unexpected",
            fault=Fault.INSUFFICIENT_RESOURCE_ACCESS,
        ),
        _owner(
            "auth-method-not-allowed",
            _("Metoda uwierzytelnienia niedozwolona"),
            _("Sesja online 403 auth-method-not-allowed z authenticationMethodCategory Token."),
            "unexpected",
            fault=Fault.AUTH_METHOD_NOT_ALLOWED,
        ),
        _owner(
            "context-type-not-allowed",
            _("Typ kontekstu niedozwolony"),
            _("Sesja online 403 context-type-not-allowed z contextIdentifierType Nip."),
            "unexpected",
            fault=Fault.CONTEXT_TYPE_NOT_ALLOWED,
        ),
        _owner(
            "token-failed",
            _("Token, którego nie udało się aktywować (Failed)"),
            _(
                "Status uwierzytelnienia 450 „Token nieaktywny” przy każdej próbie: token nigdy "
                "się nie aktywuje. Jego status to Failed, a statusDetails: „Context identifier "
                "is not enforcement authority.” (jeden publiczny raport: CIRFMF/ksef-api #520)."
            ),
            "token-failed",
            permissions=(ENFORCEMENT,),
            status=TokenStatusValue.FAILED,
            status_details=("Context identifier is not enforcement authority.",),
        ),
        _owner(
            "auth-revoked",
            _("Uwierzytelnienie unieważnione przez użytkownika"),
            _(
                "Status uwierzytelnienia 425 „Uwierzytelnienie unieważnione”: użytkownik "
                "unieważnił uwierzytelnienie i jego refresh tokeny. Sam token KSeF jest aktywny."
            ),
            "auth-revoked",
            fault=Fault.AUTH_REVOKED,
        ),
        _owner(
            "no-permissions-at-all",
            _("Uwierzytelniony, a bez żadnych uprawnień"),
            _(
                "Uwierzytelnienie 200, sesja online 403 missing-permissions z pustym "
                "presentPermissions, choć bez uprawnień uwierzytelnienie powinno skończyć się "
                "statusem 415. Jeden publiczny raport (CIRFMF/ksef-api #833): własny token "
                "przedsiębiorcy wygenerowany po logowaniu przez login.gov.pl; pomogło "
                "uwierzytelnienie certyfikatem."
            ),
            "no-permissions-at-all",
            fault=Fault.NO_PERMISSIONS_AT_ALL,
        ),
        _owner(
            "auth-blocked",
            _("Uwierzytelnienie zablokowane"),
            _("Status uwierzytelnienia 480: podejrzenie incydentu bezpieczeństwa."),
            "security-block",
            fault=Fault.AUTH_BLOCKED,
        ),
        _owner(
            "auth-cancelled",
            _("Uwierzytelnienie anulowane przez system"),
            _("Status uwierzytelnienia 550: przetwarzanie przerwane, spróbuj ponownie."),
            "ksef-unavailable",
            fault=Fault.AUTH_CANCELLED,
        ),
        _owner(
            "rate-limited",
            _("Przekroczony limit żądań"),
            _("Sesja online 429 z nagłówkiem Retry-After."),
            "rate-limited",
            fault=Fault.RATE_LIMITED,
        ),
        _owner(
            "rate-limited-long",
            _("Długa blokada po przekroczeniu limitu"),
            _(
                "Sesja online 429 z Retry-After 2700 s (45 min). Limit liczy się dla pary "
                "kontekst i adres IP; kolejne wywołania w czasie blokady ją wydłużają."
            ),
            "rate-limited",
            fault=Fault.RATE_LIMITED_LONG,
        ),
        _owner(
            "unavailable",
            _("KSeF niedostępny"),
            _("Sesja online 503 z nagłówkiem Retry-After."),
            "ksef-unavailable",
            fault=Fault.UNAVAILABLE,
        ),
        _owner(
            "slow",
            _("KSeF odpowiada za wolno"),
            _(
                "Sesja online odpowiada po KSEF_SIMULATOR_SLOW_SECONDS, dłużej niż limit czasu "
                "klienta: błąd transportu (timeout)."
            ),
            "ksef-unavailable",
            fault=Fault.SLOW,
        ),
        _owner(
            "session-not-closed",
            _("Sesja otwarta, a zamknięcia odmówiono"),
            _(
                "Uwierzytelnienie 200, sesja online otwarta (201), ale KSeF od razu nadaje jej "
                "status 415 „Błąd odszyfrowania dostarczonego klucza”, choć klucz jest dobry "
                "(sporadycznie na DEMO: CIRFMF/ksef-api #454), więc zamknięcie kończy się 400 "
                "21180."
            ),
            "session-not-closed",
            fault=Fault.SESSION_KEY_REFUSED,
        ),
        _owner(
            "html-403",
            _("403 ze stroną HTML, bez uprawnienia do faktur"),
            _(
                "Sesja online 403 ze stroną HTML bramy zamiast odpowiedzi API, z nagłówkami "
                "Trace-Id, x-azure-ref, Server i X-CDN. Autor tokenu ma w kontekście tylko "
                "InvoiceRead."
            ),
            "unexpected",
            author_nip=html_403_author,
            fault=Fault.HTML_403,
            grants=(ScenarioGrant(READ, html_403_author),),
        ),
        _owner(
            "auth-unknown-error",
            _("Status uwierzytelnienia 500 za pierwszym razem"),
            _(
                "Pierwsze uwierzytelnienie kończy się statusem 500 „Nieznany błąd”, następne "
                "się udaje: sprawdzenie ponawia próbę i otwiera sesję."
            ),
            "session-ok",
            fault=Fault.AUTH_UNKNOWN_ERROR,
            fault_times=1,
        ),
        _owner(
            "redeem-in-progress",
            _("Tokeny niedostępne tuż po statusie 200"),
            _(
                "Status uwierzytelnienia 200, a zaraz potem POST /auth/token/redeem 400 21301 "
                "„Status uwierzytelniania (100) nie pozwala na pobranie tokenów.” (raz); "
                "sprawdzenie ponawia próbę i otwiera sesję."
            ),
            "session-ok",
            fault=Fault.REDEEM_IN_PROGRESS,
            fault_times=1,
        ),
        _owner(
            "js-challenge",
            _("Strona z wyzwaniem JavaScript zamiast odpowiedzi"),
            _(
                "POST /sessions/online raz odpowiada 200 stroną HTML z wyzwaniem JavaScript "
                "bramy (Imperva, CIRFMF/ksef-api #264) zamiast 201; sprawdzenie ponawia próbę i "
                "otwiera sesję."
            ),
            "session-ok",
            fault=Fault.JS_CHALLENGE,
            fault_times=1,
        ),
        _owner(
            "ksef1-token",
            _("Token z KSeF 1.0"),
            _(
                "Token z KSeF 1.0: 64 znaki szesnastkowe. Formularz odmawia go od razu z "
                "wyjaśnieniem; wysłany do KSeF dostaje status 450 „Nieprawidłowe kodowanie "
                "tokena” (CIRFMF/ksef-api #208, #360)."
            ),
            "ksef1-token",
            token=hashlib.sha256(b"ksef-simulator-ksef1-token").hexdigest().upper(),
            token_environment=None,
        ),
    ]


SCENARIOS: list[Scenario] = _scenarios()
BY_NAME: dict[str, Scenario] = {scenario.name: scenario for scenario in SCENARIOS}
