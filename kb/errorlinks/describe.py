"""The one-line reminder of what happened, in the reader's language:
"Otrzymano 403 (missing-permissions) z POST sessions/online w środowisku Demo o 14:02"."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from kb.errorlinks import catalogue
from kb.errorlinks.inventory import Table
from kb.errorlinks.params import WARSAW, ErrorQuery

# Authentication status codes (GET /auth/{referenceNumber}) have three digits; KSeF exception
# codes in 400 bodies have five.
_AUTH_STATUS_MAX = 999


def environment_name(environment: str) -> str:
    names = {"test": _("Test"), "demo": _("Demo"), "prod": _("Produkcja")}
    return names.get(environment, "")


def what_happened(query: ErrorQuery) -> str:
    parts = []
    if query.status is not None:
        parts.append(str(query.status))
    if query.reason:
        parts.append(f"({query.reason})")
    if query.code is not None:
        table = catalogue.table_of_endpoint(query.endpoint, query.method)
        if query.code > _AUTH_STATUS_MAX:
            code = _("kod błędu KSeF %(code)s") % {"code": query.code}
        elif table is not None and table != Table.AUTH:
            # The endpoint that reported a status says which table it is from: 440 from an
            # invoice's status is a duplicate, not an authentication status.
            code = f"{catalogue.TABLE_NAMES[table]} {query.code}"
        else:
            code = _("status uwierzytelnienia %(code)s") % {"code": query.code}
        parts.append(f"({code})" if parts else code)
    return " ".join(parts)


def when(query: ErrorQuery, now: datetime) -> str:
    if query.clock is not None:
        return query.clock.strftime("%H:%M")
    if query.moment is None:
        return ""
    local = query.moment.astimezone(WARSAW)
    clock = local.strftime("%H:%M")
    if local.date() == now.astimezone(WARSAW).date():
        return clock
    return f"{clock}, {formats.date_format(local, 'DATE_FORMAT')}"


def describe(query: ErrorQuery, now: datetime) -> str:
    """Empty when the link said nothing about the error."""
    what = what_happened(query)
    if not what:
        return ""
    sentence = _("Otrzymano %(what)s") % {"what": what}
    if query.endpoint:
        endpoint = f"{query.method} {query.endpoint.lstrip('/')}".strip()
        sentence += " " + _("z %(endpoint)s") % {"endpoint": endpoint}
    if query.environment:
        sentence += " " + _("w środowisku %(env)s") % {"env": environment_name(query.environment)}
    moment = when(query, now)
    if moment:
        sentence += " " + _("o %(time)s") % {"time": moment}
    return sentence
