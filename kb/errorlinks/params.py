"""What an application tells us about an error, read from a link's query parameters.

The link is a public contract: applications build it from whatever they know, so every parameter
is optional, unknown ones are ignored, and a value we cannot make sense of is dropped rather
than reported (the user clicked "Help"; an error page about the link would help nobody). Each
value is capped and reduced to a small alphabet before it goes anywhere else, so nothing hostile
reaches the database, a log line or a template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from portal.ksef.protocol import ENVIRONMENT_URLS, Environment

WARSAW = ZoneInfo("Europe/Warsaw")

# Longest input we even look at, per parameter. Real values are far shorter (the longest is a
# full endpoint URL); anything longer is not something an application built on purpose.
MAX_RAW_LENGTH = 500
MAX_ENDPOINT_LENGTH = 200
MAX_TRACE_LENGTH = 100

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Placeholder for a path segment that identifies something (reference number, KSeF number,
# certificate serial...). KSeF's fixed path segments are lowercase words with hyphens only
# (see the OpenAPI document), so anything else is an identifier.
PLACEHOLDER = "{ref}"
_FIXED_SEGMENT = re.compile(r"^[a-z][a-z-]*$")

# Names people and applications use for the environments, lowercased.
_ENV_ALIASES: dict[str, Environment] = {
    alias: environment
    for environment, aliases in (
        (Environment.TEST, "test tst testowe testowy testing te"),
        (Environment.DEMO, "demo dem preprod pre-prod przedprodukcyjne przedprodukcja"),
        (Environment.PROD, "prod prd produkcja produkcyjne produkcyjny production pro"),
    )
    for alias in aliases.split()
}

# Hosts an endpoint URL may carry. Current hosts come from the protocol module; the pre-2025
# hosts still appear in applications built against old documentation.
_ENV_HOSTS: dict[str, Environment] = {
    **{urlsplit(url).hostname or "": env for env, url in ENVIRONMENT_URLS.items()},
    "ksef-test.mf.gov.pl": Environment.TEST,
    "ksef-demo.mf.gov.pl": Environment.DEMO,
    "ksef.mf.gov.pl": Environment.PROD,
}

_REASON = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_TRACE = re.compile(rf"^[A-Za-z0-9._:-]{{1,{MAX_TRACE_LENGTH}}}$")
_CODE = re.compile(r"^\d{3,6}$")
_PATH_CHARS = re.compile(r"^[A-Za-z0-9/_.{}~-]*$")
_VERSION_PREFIX = re.compile(r"^(?:/api)?/v\d+(?=/|$)")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")

LANGUAGES = ("pl", "en")


@dataclass(frozen=True)
class ErrorQuery:
    """The normalised facts of one error. Every field is optional."""

    status: int | None = None
    code: int | None = None
    reason: str = ""
    method: str = ""
    endpoint: str = ""
    environment: str = ""
    nip: str = ""
    trace: str = ""
    # A full moment when the application sent a date, else only a wall-clock time in Warsaw.
    moment: datetime | None = None
    clock: time | None = None
    language: str = ""

    @property
    def is_empty(self) -> bool:
        return self.status is None and self.code is None and not self.reason


def parse_query(params: Mapping[str, str]) -> ErrorQuery:
    """Read a link's parameters (a QueryDict or any mapping of the last value of each)."""

    def raw(name: str) -> str:
        value = params.get(name) or ""
        if not isinstance(value, str) or len(value) > MAX_RAW_LENGTH or "\x00" in value:
            return ""
        return value.strip()

    method, endpoint, host_env = parse_endpoint(raw("endpoint"))
    method = parse_method(raw("method")) or method
    reason = parse_reason(raw("reason"))
    status = parse_status(raw("status"))
    if status is None and reason:
        # A reasonCode only ever comes in a 403 body (ForbiddenProblemDetails).
        status = 403
    moment, clock = parse_time(raw("time"))
    return ErrorQuery(
        status=status,
        code=parse_code(raw("code")),
        reason=reason,
        method=method,
        endpoint=endpoint,
        environment=parse_environment(raw("env")) or host_env,
        nip=parse_nip(raw("nip")),
        trace=raw("trace") if _TRACE.match(raw("trace")) else "",
        moment=moment,
        clock=clock,
        language=parse_language(raw("lang")),
    )


def parse_status(value: str) -> int | None:
    if value.isascii() and value.isdigit() and len(value) == 3 and 100 <= int(value) <= 599:
        return int(value)
    return None


def parse_code(value: str) -> int | None:
    """A KSeF exception code (e.g. 21470) or an authentication status code (e.g. 450)."""
    return int(value) if value.isascii() and _CODE.match(value) else None


def parse_reason(value: str) -> str:
    value = value.lower()
    return value if _REASON.match(value) else ""


def parse_method(value: str) -> str:
    value = value.upper()
    return value if value in HTTP_METHODS else ""


def parse_environment(value: str) -> str:
    env = _ENV_ALIASES.get(value.lower())
    return env.value if env else ""


def parse_language(value: str) -> str:
    value = value.lower()[:2] if value.isascii() else ""
    return value if value in LANGUAGES else ""


def parse_nip(value: str) -> str:
    """Ten digits; separators and a "PL" prefix are what people paste, so they are allowed."""
    cleaned = re.sub(r"[\s-]", "", value)
    if cleaned[:2].upper() == "PL":
        cleaned = cleaned[2:]
    return cleaned if len(cleaned) == 10 and cleaned.isascii() and cleaned.isdigit() else ""


def parse_endpoint(value: str) -> tuple[str, str, str]:
    """Split "POST https://api-demo.ksef.mf.gov.pl/v2/sessions/online?x=1" into the method,
    the path as our rules see it ("/sessions/online") and the environment the host names."""
    method = ""
    head, _, rest = value.partition(" ")
    if parse_method(head):
        method, value = parse_method(head), rest.strip()
    environment = ""
    if "://" in value or value.startswith("//"):
        try:
            parts = urlsplit(value if "://" in value else "https:" + value)
            host = parts.hostname or ""
        except ValueError:
            return method, "", ""
        env = _ENV_HOSTS.get(host)
        environment = env.value if env else ""
        value = parts.path
    return method, normalise_path(value), environment


def normalise_path(value: str) -> str:
    """The path with version prefix, query, fragment and identifiers taken out."""
    path = value.split("?", 1)[0].split("#", 1)[0].strip()
    if not path:
        return ""
    if not path.startswith("/"):
        path = "/" + path
    path = _VERSION_PREFIX.sub("", path.lower()) or "/"
    if len(path) > MAX_ENDPOINT_LENGTH or not _PATH_CHARS.match(path):
        return ""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return ""
    normal = [s if _FIXED_SEGMENT.match(s) else PLACEHOLDER for s in segments]
    return "/" + "/".join(normal)


def parse_time(value: str) -> tuple[datetime | None, time | None]:
    """ISO 8601 date-time (naive means Warsaw time), HH:MM[:SS] (Warsaw), or Unix time in
    seconds or milliseconds (KSeF's own timestampMs)."""
    if not value or not value.isascii():
        return None, None
    clock = _CLOCK.match(value)
    if clock:
        hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        if hour < 24 and minute < 60 and second < 60:
            return None, time(hour, minute, second)
        return None, None
    if value.isdigit() and len(value) in (10, 13):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC).astimezone(WARSAW), None
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None, None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WARSAW)
    # An offset outside what time zones use is not a time anyone observed.
    offset = moment.utcoffset() or timedelta(0)
    if abs(offset) > timedelta(hours=14):
        return None, None
    try:
        return moment.astimezone(WARSAW), None
    except OverflowError:  # year 1 or 9999 shifted past the calendar's edge
        return None, None


def to_params(query: ErrorQuery) -> list[tuple[str, str]]:
    """The query as link parameters again (normalised, in documented order, empty ones left
    out), so the landing page, the API and the docs all build links the same way."""
    moment = ""
    if query.moment is not None:
        moment = query.moment.isoformat(timespec="seconds")
    elif query.clock is not None:
        moment = query.clock.strftime("%H:%M")
    pairs = [
        ("status", str(query.status or "")),
        ("code", str(query.code or "")),
        ("reason", query.reason),
        ("method", query.method),
        ("endpoint", query.endpoint),
        ("env", query.environment),
        ("nip", query.nip),
        ("trace", query.trace),
        ("time", moment),
        ("lang", query.language),
    ]
    return [(name, value) for name, value in pairs if value]
