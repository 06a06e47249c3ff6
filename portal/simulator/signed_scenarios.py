"""Demo scenarios for logging in with a signed AuthTokenRequest instead of a KSeF token.

Each names an environment and a NIP; the person is always the demo certificate's
(``demo_certificates.DEMO_PESEL``), and what KSeF answers depends on the permissions that
person holds in the NIP's context, on the certificate used and on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.ksef.protocol import AuthStatusCode, AuthStatusDetail, Environment, Permission
from portal.simulator.demo_certificates import DEMO_PESEL
from portal.simulator.identifiers import grant_id
from portal.simulator.models import Grant, Subject
from portal.simulator.scenarios import _nip

READ = Permission.INVOICE_READ.value
WRITE = Permission.INVOICE_WRITE.value


@dataclass(frozen=True)
class SignedScenario:
    name: str
    title: str | Promise
    environment: Environment
    nip: str
    shows: str | Promise
    # (permission, starts propagating at the first authentication) granted to the demo person.
    grants: tuple[tuple[str, bool], ...] = ()
    # What the status ends in whoever signs with a certificate in its validity period: KSeF's
    # answers that depend on registers the simulator does not have (revocation lists, deaths,
    # security incidents) or on its own trouble.
    outcome: tuple[AuthStatusCode, tuple[str, ...]] | None = None


SIGNED_SCENARIOS: list[SignedScenario] = [
    SignedScenario(
        "signed-ok",
        _("Podpis osoby z uprawnieniami"),
        Environment.TEST,
        _nip("signed-ok"),
        _("Status 200; sesja online otwarta i zamknięta. Certyfikatem wygasłym: status 460."),
        ((READ, False), (WRITE, False)),
    ),
    SignedScenario(
        "signed-no-rights",
        _("Podpis osoby bez uprawnień do tego NIP"),
        Environment.TEST,
        _nip("signed-no-rights"),
        _(
            "Status 415 „Brak przypisanych uprawnień”: osoba nie ma żadnego uprawnienia "
            "w tym kontekście."
        ),
    ),
    SignedScenario(
        "signed-propagation",
        _("Podpis, a nowe uprawnienie jeszcze niewidoczne"),
        Environment.TEST,
        _nip("signed-propagation"),
        _(
            "Status 200 z samym InvoiceRead; InvoiceWrite widać po "
            "KSEF_SIMULATOR_PROPAGATION_SECONDS od pierwszej próby, w tokenie z POST "
            "/auth/token/refresh."
        ),
        ((READ, False), (WRITE, True)),
    ),
    SignedScenario(
        "signed-demo",
        _("Podpis na środowisku demo: sprawdzanie certyfikatu"),
        Environment.DEMO,
        _nip("signed-ok"),
        _(
            "Status 100 przez KSEF_SIMULATOR_CERTIFICATE_CHECK_SECONDS (OCSP/CRL), potem 200. "
            "Certyfikat samopodpisany: status 460 „Niezaufany łańcuch certyfikatów”."
        ),
        ((READ, False), (WRITE, False)),
    ),
    SignedScenario(
        "signed-certificate-revoked",
        _("Podpis certyfikatem odwołanym"),
        Environment.TEST,
        _nip("signed-certificate-revoked"),
        _("Status 460 „Certyfikat odwołany”."),
        ((WRITE, False),),
        (AuthStatusCode.CERTIFICATE_ERROR, (AuthStatusDetail.CERTIFICATE_REVOKED,)),
    ),
    SignedScenario(
        "signed-deceased",
        _("Podpis osoby, której metod KSeF nie przyjmuje"),
        Environment.TEST,
        _nip("signed-deceased"),
        _("Status 470 „Próba wykorzystania metod autoryzacyjnych osoby zmarłej”."),
        outcome=(AuthStatusCode.DECEASED_PERSON, (AuthStatusDetail.DECEASED_PERSON,)),
    ),
    SignedScenario(
        "signed-blocked",
        _("Podpis w kontekście zablokowanym"),
        Environment.TEST,
        _nip("signed-blocked"),
        _("Status 480 „Uwierzytelnienie zablokowane”: podejrzenie incydentu bezpieczeństwa."),
        ((WRITE, False),),
        (AuthStatusCode.BLOCKED, (AuthStatusDetail.BLOCKED,)),
    ),
    SignedScenario(
        "signed-unknown-error",
        _("Podpis, a KSeF kończy nieznanym błędem"),
        Environment.TEST,
        _nip("signed-unknown-error"),
        _("Status 500 „Nieznany błąd”."),
        ((WRITE, False),),
        (AuthStatusCode.UNKNOWN_ERROR, ()),
    ),
    SignedScenario(
        "signed-cancelled",
        _("Podpis, a KSeF przerywa przetwarzanie"),
        Environment.TEST,
        _nip("signed-cancelled"),
        _("Status 550 „Operacja została anulowana przez system”."),
        ((WRITE, False),),
        (AuthStatusCode.CANCELLED_BY_SYSTEM, (AuthStatusDetail.CANCELLED,)),
    ),
]

SIGNED_OUTCOMES = {
    (scenario.environment.value, scenario.nip): scenario.outcome
    for scenario in SIGNED_SCENARIOS
    if scenario.outcome is not None
}


def install_signed_scenarios(now: datetime) -> None:
    """Reset each scenario's grants to the demo person (called by install_scenarios)."""
    Grant.objects.filter(scenario__in=[scenario.name for scenario in SIGNED_SCENARIOS]).delete()
    for scenario in SIGNED_SCENARIOS:
        Subject.objects.get_or_create(environment=scenario.environment.value, nip=scenario.nip)
        for permission, delayed in scenario.grants:
            Grant.objects.create(
                environment=scenario.environment.value,
                grant_id=grant_id(),
                context_nip=scenario.nip,
                authorized_type="Pesel",
                authorized_value=DEMO_PESEL,
                permission=permission,
                description=f"Uprawnienie demonstracyjne: {scenario.name}",
                granted_at=None if delayed else now,
                visible_at=None if delayed else now,
                propagation_seconds=settings.KSEF_SIMULATOR_PROPAGATION_SECONDS if delayed else 0,
                scenario=scenario.name,
            )
