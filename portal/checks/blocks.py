"""What the portal does when KSeF's security service blocks the address it calls from.

Every check shares that address, so a block of it is not the user's: the check that meets it
says so, the operator is told (an ERROR in the log, and /stan-ksef/), and no check of that
environment calls KSeF again before the pause ends, as calling a blocked address only keeps the
block alive (limity-api.md, sections 2 and 3).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from portal.checks.diagnosis import PortalBlock, blocks_portal
from portal.checks.models import AddressBlock
from portal.ksef.errors import KsefError, KsefHttpError

logger = logging.getLogger("portal.checks")

# KSeF publishes no length for a security block. After an hour one check tries again: a blocked
# address then costs KSeF one call an hour, and a lifted block is noticed within the hour.
PAUSE = timedelta(hours=1)


def current(environment: str, now: datetime) -> PortalBlock | None:
    """The block that pauses every check of ``environment`` now, if any."""
    block = AddressBlock.objects.filter(environment=environment, until__gt=now).first()
    return None if block is None else PortalBlock(block.until, block.incident_id)


def remember(
    environment: str, error: KsefError, portal_ip: str | None, now: datetime
) -> PortalBlock | None:
    """Pause every check of ``environment`` when ``error`` is a block of the portal's address;
    the pause, or None when it is not one."""
    if not isinstance(error, KsefHttpError) or not blocks_portal(error, portal_ip):
        return None
    incident_id = str(error.security.get("incidentId") or "")[:128]
    client_ip = str(error.security.get("clientIp") or "")[:45]
    AddressBlock.objects.update_or_create(
        environment=environment,
        defaults={
            "since": now,
            "until": now + PAUSE,
            "incident_id": incident_id,
            "client_ip": client_ip,
        },
    )
    logger.error(
        "KSeF blocked the portal's address %s in %s (incident %s, %s %s): every check there "
        "is paused until %s; report the incident to the ministry",
        client_ip,
        environment,
        incident_id or "-",
        error.method,
        error.path,
        (now + PAUSE).isoformat(),
    )
    return PortalBlock(now + PAUSE, incident_id)


def active(now: datetime) -> list[AddressBlock]:
    """The environments whose checks are paused by a block now, for the operator's page."""
    return list(AddressBlock.objects.filter(until__gt=now).order_by("environment"))
