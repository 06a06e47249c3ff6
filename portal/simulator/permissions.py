"""Who holds which permission in which context, as the simulator sees it at a given moment.

A grant counts only once it is visible (granted_at + propagation delay), which is how KSeF's
asynchronous grant processing shows to a client.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from portal.ksef.protocol import TESTDATA_PERMISSIONS, TOKEN_PERMISSIONS
from portal.simulator.identifiers import grant_id
from portal.simulator.models import Grant, Subject


def owner_permissions() -> set[str]:
    return {permission.value for permission in TOKEN_PERMISSIONS}


def visible_grants(
    environment: str, context_nip: str, subject_nip: str, now: datetime
) -> QuerySet[Grant]:
    return Grant.objects.filter(
        environment=environment,
        context_nip=context_nip,
        authorized_value=subject_nip,
        visible_at__lte=now,
    ).order_by("granted_at", "id")


def held_permissions(
    environment: str, context_nip: str, subject_nip: str, now: datetime
) -> set[str]:
    """What ``subject_nip`` may do in ``context_nip`` now: everything as the owner, otherwise
    the visible grants."""
    if subject_nip == context_nip:
        return owner_permissions()
    return set(
        visible_grants(environment, context_nip, subject_nip, now).values_list(
            "permission", flat=True
        )
    )


def start_waiting_grants(
    environment: str, context_nip: str, subject_nip: str, now: datetime
) -> None:
    """Demo grants wait for their first use to start propagating, so a person trying the
    scenario sees the 403 first and the success after the delay."""
    for grant in Grant.objects.filter(
        environment=environment,
        context_nip=context_nip,
        authorized_value=subject_nip,
        visible_at__isnull=True,
    ):
        grant.granted_at = now
        grant.visible_at = now + timedelta(seconds=grant.propagation_seconds)
        grant.save(update_fields=["granted_at", "visible_at"])


def grant(
    environment: str,
    *,
    context_nip: str,
    authorized_type: str,
    authorized_value: str,
    permissions: list[tuple[str, str]],
    now: datetime,
    propagation_seconds: int | None = None,
) -> list[Grant]:
    """Record grants of ``(permission, description)`` pairs, visible after the propagation delay
    (settings.KSEF_SIMULATOR_PROPAGATION_SECONDS unless given)."""
    delay = (
        settings.KSEF_SIMULATOR_PROPAGATION_SECONDS
        if propagation_seconds is None
        else propagation_seconds
    )
    Subject.objects.get_or_create(environment=environment, nip=context_nip)
    created = []
    for permission, description in permissions:
        if permission not in {p.value for p in TESTDATA_PERMISSIONS}:
            raise ValueError(f"unknown permission {permission!r}")
        created.append(
            Grant.objects.create(
                environment=environment,
                grant_id=grant_id(),
                context_nip=context_nip,
                authorized_type=authorized_type,
                authorized_value=authorized_value,
                permission=permission,
                description=description,
                granted_at=now,
                visible_at=now + timedelta(seconds=delay),
                propagation_seconds=delay,
            )
        )
    return created


def personal_grants(
    environment: str, context_nip: str, subject_nip: str, now: datetime, granted_by: str | None
) -> list[Grant]:
    """What the personal query lists: the subject's own processed grants in the login context
    and, for the context's owner, what other entities granted this one (OpenAPI description of
    ``POST /permissions/query/personal/grants``). ``granted_by`` is the query's
    ``contextIdentifier`` filter: the entity that granted, not the login context."""
    listed = Q(context_nip=context_nip, authorized_value=subject_nip)
    if subject_nip == context_nip:
        listed |= Q(authorized_value=context_nip)
    grants = Grant.objects.filter(listed, environment=environment, visible_at__lte=now)
    if granted_by is not None:
        grants = grants.filter(context_nip=granted_by)
    return list(grants.order_by("granted_at", "id"))
