"""Each cause's verdict, and its words with a check's facts filled in.

A verdict carries its title, a plain-language explanation, what to do next, its notice tone and
the public sources it rests on. Templates only render these; the diagnosis only picks a cause.
The article section a cause links to is an error-link rule (kb/errorlinks/starter.py), where
writers can change it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateformat import format as date_format

from portal.checks.causes import Cause
from portal.checks.permission_verdicts import PERMISSION_VERDICTS, SESSION_415_HINT
from portal.checks.signed_verdicts import (
    CERTIFICATE_HINTS,
    SIGNED_REFUSAL_HINTS,
    SIGNED_VERDICTS,
    UNFINISHED_HINTS,
)
from portal.checks.stopped_verdicts import (
    MISSING_WRITE_HINT,
    STOPPED_VERDICTS,
    UNEXPECTED_HINTS,
    limit_reason,
)
from portal.checks.token_verdicts import TOKEN_STATE_HINTS, TOKEN_VERDICTS

# Each cause's words live in exactly one of these tables, grouped by what the verdict is about.
VERDICTS = PERMISSION_VERDICTS | TOKEN_VERDICTS | STOPPED_VERDICTS | SIGNED_VERDICTS


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "—"


def local_time(value: str) -> str:
    """An ISO timestamp from the facts as the reader's local time of day."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return date_format(timezone.localtime(moment), "H:i")


def title(cause: Cause, facts: dict[str, Any]) -> str:
    return str(VERDICTS[cause].title).format_map(_values(facts))


def next_steps(cause: Cause, facts: dict[str, Any]) -> list[str]:
    values = _values(facts)
    return [str(step).format_map(values) for step in VERDICTS[cause].next_steps]


def _values(facts: dict[str, Any]) -> _Blank:
    from portal.lib.environments import environment_label

    values = _Blank({key: value for key, value in facts.items() if value not in (None, "", [])})
    if "retry_at" in values:
        values["retry_at"] = local_time(values["retry_at"])
    for key in ("environment", "confirmed_in"):
        if key in values:
            values[key] = environment_label(values[key])
    return values


def explain(cause: Cause, facts: dict[str, Any]) -> str:
    """The cause's explanation with this check's facts filled in; a missing fact shows as —."""
    values = _values(facts)
    for key in ("token_permissions", "permissions", "present_permissions"):
        if isinstance(values.get(key), list):
            values[key] = ", ".join(str(item) for item in values[key])
    if cause == Cause.TOKEN_STATUS:
        hint = TOKEN_STATE_HINTS.get(str(facts.get("token_state")), "")
        values["status_hint"] = str(hint).format_map(values)
    if cause == Cause.UNEXPECTED:
        values["variant_hint"] = str(UNEXPECTED_HINTS.get(str(facts.get("variant")), ""))
        missing = MISSING_WRITE_HINT if facts.get("lacks_write") else ""
        values["permissions_hint"] = str(missing).format_map(values)
    if cause == Cause.SESSION_NOT_CLOSED:
        values["close_hint"] = str(SESSION_415_HINT) if facts.get("session_status") == 415 else ""
    if cause == Cause.RATE_LIMITED:
        values["limit_reason"] = limit_reason(facts).format_map(values)
    if cause == Cause.CERTIFICATE_REFUSED:
        detail = str(facts.get("ksef_detail") or "")
        values["certificate_hint"] = next(
            (str(hint) for key, hint in CERTIFICATE_HINTS.items() if key in detail), ""
        )
    if cause == Cause.SIGNED_LOGIN_UNFINISHED:
        hint = UNFINISHED_HINTS.get(str(facts.get("unfinished")), "")
        values["unfinished_hint"] = str(hint).format_map(values)
    if cause == Cause.SIGNED_REQUEST_REFUSED:
        code = facts.get("exception_code")
        hint = SIGNED_REFUSAL_HINTS.get(code, "") if isinstance(code, int) else ""
        values["refusal_hint"] = str(hint)
    return str(VERDICTS[cause].explanation).format_map(values)
