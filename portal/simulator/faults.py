"""Whether a token's injected fault answers a request: every time, or while its count lasts."""

from __future__ import annotations

from django.db.models import F

from portal.simulator.models import Fault, SimToken


def answers(token: SimToken | None, fault: Fault) -> bool:
    """``token`` has ``fault`` and it still answers; an answer counted uses one up, in one
    UPDATE, so two requests at once never both get the last one."""
    if token is None or token.fault != fault:
        return False
    if token.fault_times is None:
        return True
    used = SimToken.objects.filter(pk=token.pk, fault_times__gt=0).update(
        fault_times=F("fault_times") - 1
    )
    return used == 1
