"""The catalogue of KSeF's documented errors: the family article and section that answer each
code, the rules that send a code there, and the family an unknown code belongs to (the whole
design: docs/error-catalogue.md).

At run time the rules alone decide an answer; the only thing read from here during a lookup is
``family_for``, the fallback for a code that no rule names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kb.errorlinks.inventory import Documented, Table
from kb.errorlinks.matching import endpoint_matches, normalise_pattern
from kb.errorlinks.params import PLACEHOLDER, ErrorQuery, normalise_path

# The articles the catalogue's starter content (kb/starter/) answers codes in, by Polish slug.
AUTH_STATUS_ARTICLE = "status-uwierzytelnienia-415-450"
AUTH_ARTICLE = "kody-bledow-uwierzytelniania"
SESSION_ARTICLE = "kody-bledow-sesji"
INVOICE_ARTICLE = "statusy-faktur-w-sesji"
PERMISSION_ARTICLE = "kody-bledow-uprawnien"
TOKENS_ARTICLE = "kody-bledow-tokenow"
CERTIFICATE_ARTICLE = "kody-bledow-certyfikatow"
REQUEST_ARTICLE = "kody-bledow-zadan"
DOWNLOAD_ARTICLE = "kody-bledow-pobierania-faktur"
COLLECTIVE_ARTICLE = "kody-bledow-identyfikatorow-zbiorczych"


@dataclass(frozen=True)
class Family:
    """Codes answered in one article. An unknown code lands on the family's article when its
    number falls in one of ``blocks`` (the ministry numbers its codes in topical blocks), or,
    failing that, when the endpoint that gave it starts with one of ``paths``."""

    key: str
    article: str
    tables: tuple[Table, ...] = ()
    codes: tuple[str, ...] = ()
    blocks: tuple[range, ...] = ()
    paths: tuple[str, ...] = ()


# In the order the catalogue was written: the families the session check's users meet first.
FAMILIES: tuple[Family, ...] = (
    Family(
        "auth-status",
        AUTH_STATUS_ARTICLE,
        tables=(Table.AUTH,),
    ),
    Family(
        "authentication",
        AUTH_ARTICLE,
        codes=(
            "9101",
            "9102",
            "9103",
            "9105",
            "21111",
            "21115",
            "21117",
            "21217",
            "21304",
            "21308",
            "21401",
            "21406",
        ),
        blocks=(range(9100, 9200), range(21300, 21400)),
        paths=("/auth",),
    ),
    Family(
        "sessions",
        SESSION_ARTICLE,
        tables=(Table.SESSION,),
        codes=("21155", "21157", "21161", "21173", "21178", "21180", "21184", "21205", "21208"),
        paths=("/sessions",),
    ),
    Family(
        "invoices-in-session",
        INVOICE_ARTICLE,
        tables=(Table.INVOICE,),
        codes=("21166", "21167", "21402", "21403"),
    ),
    Family(
        "permissions",
        PERMISSION_ARTICLE,
        tables=(Table.PERMISSION,),
        codes=(
            "missing-permissions",
            "insufficient-resource-access",
            "auth-method-not-allowed",
            "context-type-not-allowed",
        ),
        paths=("/permissions",),
    ),
    Family(
        "tokens",
        TOKENS_ARTICLE,
        codes=("26001", "26002"),
        blocks=(range(26000, 27000),),
        paths=("/tokens",),
    ),
    Family(
        "certificates",
        CERTIFICATE_ARTICLE,
        tables=(Table.CERTIFICATE,),
        codes=tuple(str(code) for code in range(25001, 25012)),
        blocks=(range(25000, 26000),),
        paths=("/certificates",),
    ),
    Family(
        "requests",
        REQUEST_ARTICLE,
        codes=("21001", "21405", "21418", "21470", "30001"),
    ),
    Family(
        "downloads",
        DOWNLOAD_ARTICLE,
        tables=(Table.EXPORT,),
        codes=("21164", "21165", "21175", "21181", "21182", "21183"),
        paths=("/invoices",),
    ),
    Family(
        "collective-identifiers",
        COLLECTIVE_ARTICLE,
        codes=("71001", "71002", "71004", "71005"),
        blocks=(range(71000, 72000),),
        paths=("/collective-identifiers",),
    ),
)

# Codes whose answer lives outside their family's article: one place for each answer, the
# deeper text, and the family's section a line pointing there. An empty section id: an article
# of the code's own.
ANSWERED_ELSEWHERE: dict[tuple[Table, str], tuple[str, str]] = {
    (Table.EXCEPTION, "21180"): ("blad-21180-status-sesji", ""),
    (Table.EXCEPTION, "21301"): ("blad-401-uwierzytelnienie", "redeem-21301"),
    (Table.REASON, "ip-not-allowed"): ("blad-403-sessions-online", "ip-not-allowed"),
    (Table.REASON, "security-service-blocked"): ("blad-403-sessions-online", "security-block"),
    (Table.AUTH, "460"): ("sprawdzenie-bez-tokena", "status-460"),
    (Table.AUTH, "470"): ("sprawdzenie-bez-tokena", "status-470"),
}

# How a code of each table is named, and the start of its address (kb.errorlinks.views).
TABLE_NAMES = {
    Table.EXCEPTION: _("kod błędu KSeF"),
    Table.REASON: _("powód odmowy 403 (reasonCode)"),
    Table.AUTH: _("status uwierzytelnienia"),
    Table.SESSION: _("status sesji"),
    Table.INVOICE: _("status faktury w sesji"),
    Table.PERMISSION: _("status operacji na uprawnieniach"),
    Table.EXPORT: _("status eksportu faktur"),
    Table.CERTIFICATE: _("status wniosku certyfikacyjnego"),
}
_SLUG_PREFIXES = {
    Table.REASON: "403-",
    Table.AUTH: "status-uwierzytelnienia-",
    Table.SESSION: "status-sesji-",
    Table.INVOICE: "status-faktury-",
    Table.PERMISSION: "status-operacji-uprawnien-",
    Table.EXPORT: "status-eksportu-",
    Table.CERTIFICATE: "status-wniosku-certyfikacyjnego-",
}
_ANCHOR_PREFIXES = {
    Table.EXCEPTION: "code-",
    Table.REASON: "",
    Table.AUTH: "status-",
    Table.SESSION: "session-status-",
    Table.INVOICE: "invoice-status-",
    Table.PERMISSION: "permission-status-",
    Table.EXPORT: "export-status-",
    Table.CERTIFICATE: "certificate-status-",
}
# The endpoints that report each status table (as the vendored document says; a new document
# that moves a table is caught by the test that reads it). An unknown status code from one of
# them belongs to that table's family.
TABLE_ENDPOINTS: dict[Table, tuple[str, ...]] = {
    Table.AUTH: ("GET /auth/{referenceNumber}", "GET /auth/sessions"),
    Table.SESSION: ("GET /sessions/{referenceNumber}",),
    Table.INVOICE: (
        "GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}",
        "GET /sessions/{referenceNumber}/invoices",
        "GET /sessions/{referenceNumber}/invoices/failed",
    ),
    Table.PERMISSION: ("GET /permissions/operations/{referenceNumber}",),
    Table.EXPORT: ("GET /invoices/exports/{referenceNumber}",),
    Table.CERTIFICATE: ("GET /certificates/enrollments/{referenceNumber}",),
}
STATUS_TABLES = tuple(TABLE_ENDPOINTS)


def sort_key(entry: Documented) -> tuple[int, int, str]:
    return sort_key_of(entry.table, entry.code)


def sort_key_of(table: str, code: str) -> tuple[int, int, str]:
    """Tables in the order of ``Table``, numbers in numeric order."""
    return list(Table).index(Table(table)), int(code) if code.isdigit() else 0, code


def version_key(version: str) -> tuple[int, ...]:
    """Version parts as numbers, so that 2.10.0 comes after 2.9.0 (a part that is not a number
    counts as 0)."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def slug(table: Table, code: str) -> str:
    """The code's own address under /blad/: "21180", "403-missing-permissions",
    "status-faktury-440"."""
    return _SLUG_PREFIXES.get(table, "") + code


def parse_slug(value: str) -> tuple[Table, str] | None:
    for table, prefix in _SLUG_PREFIXES.items():
        if value.startswith(prefix) and len(value) > len(prefix):
            return table, value[len(prefix) :]
    return (Table.EXCEPTION, value) if value.isdigit() else None


def family_of(table: Table, code: str) -> Family | None:
    for family in FAMILIES:
        if table in family.tables or (
            table in (Table.EXCEPTION, Table.REASON) and code in family.codes
        ):
            return family
    return None


def section_id(table: Table, code: str) -> str:
    """The id of the code's section in its family's article: "code-21180",
    "invoice-status-440", "missing-permissions"."""
    return _ANCHOR_PREFIXES[table] + code


def anchor(table: Table, code: str) -> str:
    """The id of the section that answers the code ("" for an article of its own)."""
    if (table, code) in ANSWERED_ELSEWHERE:
        return ANSWERED_ELSEWHERE[(table, code)][1]
    return section_id(table, code)


def home(table: Table, code: str) -> tuple[str, str] | None:
    """(Polish article slug, section id) where the starter content answers this code."""
    if (table, code) in ANSWERED_ELSEWHERE:
        return ANSWERED_ELSEWHERE[(table, code)]
    family = family_of(table, code)
    return (family.article, anchor(table, code)) if family else None


def likely_family(table: Table, code: str, endpoints: list[str]) -> Family | None:
    """The family a code belongs to, or would, were it new: as ``family_for`` places an
    unknown code reported by the first endpoint that documents it."""
    known = family_of(table, code)
    if known is not None or not code.isdigit():
        return known
    method, _, path = endpoints[0].partition(" ") if endpoints else ("", "", "")
    return family_for(ErrorQuery(code=int(code), method=method, endpoint=normalise_path(path)))


def canonical_query(table: Table, code: str) -> ErrorQuery:
    """The error as an application reports it, for looking its answer up."""
    if table == Table.REASON:
        return ErrorQuery(status=403, reason=code)
    if table == Table.EXCEPTION:
        return ErrorQuery(status=400, code=int(code))
    method, path = TABLE_ENDPOINTS[table][0].split(" ", 1)
    return ErrorQuery(code=int(code), method=method, endpoint=normalise_path(path))


def table_of_endpoint(endpoint: str, method: str = "") -> Table | None:
    """The status table an endpoint (as ErrorQuery normalises it) reports, if any: a status is
    read with GET, so another method reports none."""
    if not endpoint or method not in ("", "GET"):
        return None
    for table, endpoints in TABLE_ENDPOINTS.items():
        for documented in endpoints:
            if endpoint_matches(normalise_pattern(documented.split(" ", 1)[1]), endpoint):
                return table
    return None


def family_for(query: ErrorQuery) -> Family | None:
    """The family an error that no rule names belongs to, if the catalogue can tell: a status
    code by the endpoint that reported it, an exception code by its number's block, a 403
    reason always to the permissions family; failing those, by the endpoint's path."""
    if query.code is not None and query.code < 1000:
        table = table_of_endpoint(query.endpoint, query.method)
        return family_of(table, str(query.code)) if table else None
    if query.code is not None:
        for family in FAMILIES:
            if any(query.code in block for block in family.blocks):
                return family
    elif query.reason:
        return family_of(Table.REASON, "missing-permissions")
    else:
        return None
    path = query.endpoint.replace("/" + PLACEHOLDER, "")
    for family in FAMILIES:
        if any(path == p or path.startswith(p + "/") for p in family.paths):
            return family
    return None


@dataclass(frozen=True)
class RuleSpec:
    """A starter rule the catalogue asks for (kb.errorlinks.starter turns it into a rule)."""

    key: str
    article: str
    anchor: str
    status: int | None = None
    code: int | None = None
    reason: str = ""
    endpoint: str = "*"


def rule_specs(documented: list[Documented]) -> list[RuleSpec]:
    """One rule per documented code (one per reporting endpoint for a status table other than
    authentication's: 440 means one thing for an invoice and another for a session), pointing
    at the code's section."""
    specs = []
    for entry in documented:
        found = home(entry.table, entry.code)
        if found is None:
            continue
        article, anchor = found
        prefix = f"catalogue:{entry.table}:{entry.code}"
        if entry.table == Table.REASON:
            specs.append(RuleSpec(prefix, article, anchor, status=403, reason=entry.code))
        elif entry.table in (Table.EXCEPTION, Table.AUTH):
            # An authentication status alone is how applications have always reported it.
            specs.append(RuleSpec(prefix, article, anchor, code=int(entry.code)))
        else:
            for endpoint in TABLE_ENDPOINTS[entry.table]:
                pattern = normalise_pattern(endpoint.split(" ", 1)[1])
                specs.append(
                    RuleSpec(
                        f"{prefix}:{pattern}",
                        article,
                        anchor,
                        code=int(entry.code),
                        endpoint=pattern,
                    )
                )
    return specs
