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

from portal.ksef.protocol import Environment, Permission
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
]


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
