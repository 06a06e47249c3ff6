"""Putting the demo scenarios in the database, so the web and the worker process see the same
tokens. Idempotent: installing again resets each scenario to its starting state."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from portal.ksef.protocol import Environment
from portal.simulator import clock, keys
from portal.simulator.identifiers import grant_id
from portal.simulator.models import Grant, SimToken, Subject, digest
from portal.simulator.scenarios import SCENARIOS, Scenario, _owner
from portal.simulator.signed_scenarios import install_signed_scenarios


@transaction.atomic
def install_scenarios(now: datetime | None = None) -> list[Scenario]:
    """Create (or reset to their starting state) every scenario's subjects, tokens and grants,
    and the simulator's keys for each environment."""
    now = now or clock.now()
    names = [scenario.name for scenario in SCENARIOS]
    SimToken.objects.filter(scenario__in=names).delete()
    Grant.objects.filter(scenario__in=names).delete()
    for environment in Environment:
        keys.published_keys(environment.value)
    for scenario in SCENARIOS:
        _install(scenario, now)
    install_signed_scenarios(now)
    return SCENARIOS


@transaction.atomic
def install_working_tokens(count: int, now: datetime | None = None) -> list[tuple[str, str]]:
    """``count`` tokens that work as the "ok" scenario's does, each in a context (NIP) of its
    own, as many companies checking at once would be: for load tests. Idempotent like the
    scenarios. Returns each one's NIP and token."""
    now = now or clock.now()
    owners = [_owner(f"working-{n}", "", "", "ok") for n in range(count)]
    SimToken.objects.filter(scenario__startswith="working-").delete()
    for owner in owners:
        _install(owner, now)
    return [(owner.nip, owner.token) for owner in owners]


def _install(scenario: Scenario, now: datetime) -> None:
    if scenario.token_environment is None:
        return
    environment = scenario.token_environment.value
    for nip in {scenario.nip, scenario.token_nip, scenario.author_nip}:
        Subject.objects.get_or_create(environment=environment, nip=nip)
    SimToken.objects.create(
        environment=environment,
        reference_number=scenario.reference_number,
        token_digest=digest(scenario.token),
        nip=scenario.token_nip,
        author_nip=scenario.author_nip,
        permissions=list(scenario.permissions),
        status=scenario.status,
        status_details=list(scenario.status_details),
        pending_seconds=settings.KSEF_SIMULATOR_PENDING_SECONDS if scenario.pending else None,
        description=f"Token demonstracyjny: {scenario.name}",
        fault=scenario.fault,
        fault_times=scenario.fault_times,
        scenario=scenario.name,
        created_at=now,
    )
    for item in scenario.grants:
        Grant.objects.create(
            environment=environment,
            grant_id=grant_id(),
            context_nip=scenario.token_nip,
            authorized_value=item.authorized_nip,
            permission=item.permission,
            description=f"Uprawnienie demonstracyjne: {scenario.name}",
            granted_at=None if item.delayed else now,
            visible_at=None if item.delayed else now,
            propagation_seconds=settings.KSEF_SIMULATOR_PROPAGATION_SECONDS if item.delayed else 0,
            scenario=scenario.name,
        )
