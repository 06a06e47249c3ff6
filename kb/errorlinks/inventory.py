"""What the ministry's OpenAPI document says about errors, read from the document itself.

Three places in it list what KSeF can answer: the table in the description of every 400 answer
(exception codes such as 21180), the table in ``ForbiddenProblemDetails.reasonCode`` (403 reasons
such as ``missing-permissions``) and the tables in the ``status`` descriptions of the asynchronous
operations' answers (authentication, session, invoice in a session, permission operation, export,
certificate enrollment). Reading them from the file, rather than copying them, is what lets a new
version of the document be compared with the last one (kb.errorlinks.catalogue).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

VENDORED = Path(__file__).resolve().parents[2] / "portal/ksef/openapi/ksef-api-v2.9.0.json"


class Table(StrEnum):
    EXCEPTION = "exception"
    REASON = "reason"
    AUTH = "auth"
    SESSION = "session"
    INVOICE = "invoice"
    PERMISSION = "permission"
    EXPORT = "export"
    CERTIFICATE = "certificate"


# The schemas whose ``status`` property documents a table of status codes. Two schemas describe
# authentication (one authentication, and the list of them); they are one table.
STATUS_SCHEMAS: dict[str, Table] = {
    "AuthenticationOperationStatusResponse": Table.AUTH,
    "AuthenticationListItem": Table.AUTH,
    "SessionStatusResponse": Table.SESSION,
    "SessionInvoiceStatusResponse": Table.INVOICE,
    "PermissionsOperationStatusResponse": Table.PERMISSION,
    "InvoiceExportStatusResponse": Table.EXPORT,
    "CertificateEnrollmentStatusResponse": Table.CERTIFICATE,
}
FORBIDDEN_SCHEMA = "ForbiddenProblemDetails"

_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_EXCEPTION_CODE = re.compile(r"^\d{4,6}$")
_STATUS_CODE = re.compile(r"^\d{3}$")
_REASON = re.compile(r"^[a-z][a-z0-9-]*$")
_VERSION = re.compile(r"Wersja API:\**\s*([0-9][0-9A-Za-z.+-]*)")
_EMPTY = {"", "-", "—"}


@dataclass
class Documented:
    """One code of one table, with every description and detail the document gives it (a code
    may appear in several rows: 450 has one row per cause, 21180 one per endpoint)."""

    table: Table
    code: str
    descriptions: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    endpoints: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        return "\n".join(self.descriptions)

    @property
    def details_text(self) -> str:
        return "\n".join(self.details)

    def _add(self, description: str, details: str, endpoint: str = "") -> None:
        for value, into in ((description, self.descriptions), (details, self.details)):
            if value not in _EMPTY and value not in into:
                into.append(value)
        if endpoint and endpoint not in self.endpoints:
            self.endpoints.append(endpoint)


@dataclass
class Inventory:
    version: str
    codes: dict[tuple[Table, str], Documented]

    def __iter__(self) -> Iterator[Documented]:
        return iter(self.codes.values())

    def __len__(self) -> int:
        return len(self.codes)

    def get(self, table: Table, code: str) -> Documented | None:
        return self.codes.get((table, code))


class InventoryError(ValueError):
    """A file that is not an OpenAPI document of KSeF (the message says what is missing)."""


def load(path: Path = VENDORED) -> Inventory:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InventoryError(f"{path}: not a readable JSON file ({error})") from error
    return read(document)


def read(document: Any) -> Inventory:
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        raise InventoryError("no 'paths': not an OpenAPI document")
    schemas = document.get("components", {}).get("schemas", {})
    inventory = Inventory(version=api_version(document), codes={})
    _read_exceptions(document["paths"], inventory)
    _read_reasons(schemas, inventory)
    _read_status_tables(document["paths"], schemas, inventory)
    if not inventory.codes:
        raise InventoryError("no error codes found: not KSeF's OpenAPI document")
    for documented in inventory:
        documented.endpoints.sort(key=lambda e: (e.split(" ", 1)[1], e))
    return inventory


def api_version(document: dict[str, Any]) -> str:
    """The API's version as the ministry writes it in the description ("2.9.0"); ``info.version``
    only says "v2"."""
    info = document.get("info") or {}
    match = _VERSION.search(str(info.get("description", "")))
    return match[1] if match else str(info.get("version", "")) or "?"


def table_rows(text: str) -> Iterator[list[str]]:
    """The cells of each row of the Markdown tables in ``text``, header and rule rows left out."""
    for line in text.splitlines():
        match = _ROW.match(line)
        if not match:
            continue
        cells = [cell.strip() for cell in match[1].split("|")]
        if all(set(cell) <= set("-: ") for cell in cells):
            continue
        yield cells


def _entry(inventory: Inventory, table: Table, code: str) -> Documented:
    return inventory.codes.setdefault((table, code), Documented(table, code))


def _operations(paths: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, operations in paths.items():
        for method, operation in (operations or {}).items():
            if isinstance(operation, dict) and "responses" in operation:
                yield f"{method.upper()} {path}", operation


def _read_exceptions(paths: dict[str, Any], inventory: Inventory) -> None:
    for endpoint, operation in _operations(paths):
        answer = operation["responses"].get("400") or {}
        for cells in table_rows(str(answer.get("description", ""))):
            if len(cells) >= 2 and _EXCEPTION_CODE.match(cells[0]):
                details = cells[2] if len(cells) > 2 else ""
                _entry(inventory, Table.EXCEPTION, cells[0])._add(cells[1], details, endpoint)


def _read_reasons(schemas: dict[str, Any], inventory: Inventory) -> None:
    properties = (schemas.get(FORBIDDEN_SCHEMA) or {}).get("properties") or {}
    reasons = str((properties.get("reasonCode") or {}).get("description", ""))
    security = str((properties.get("security") or {}).get("description", ""))
    extra = {cells[0]: cells[1] for cells in table_rows(security) if len(cells) >= 2}
    for cells in table_rows(reasons):
        if len(cells) >= 2 and _REASON.match(cells[0]):
            _entry(inventory, Table.REASON, cells[0])._add(cells[1], extra.get(cells[0], ""))


def _read_status_tables(
    paths: dict[str, Any], schemas: dict[str, Any], inventory: Inventory
) -> None:
    readers = _readers_of(paths, schemas)
    for schema, table in STATUS_SCHEMAS.items():
        status = ((schemas.get(schema) or {}).get("properties") or {}).get("status") or {}
        for cells in table_rows(str(status.get("description", ""))):
            if len(cells) >= 2 and _STATUS_CODE.match(cells[0]):
                details = cells[2] if len(cells) > 2 else ""
                documented = _entry(inventory, table, cells[0])
                documented._add(cells[1], details)
                for endpoint in readers.get(schema, ()):
                    documented._add("", "", endpoint)


def _readers_of(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, list[str]]:
    """For each status schema, the operations whose successful answer contains it."""
    readers: dict[str, list[str]] = {}
    for endpoint, operation in _operations(paths):
        for status, answer in operation["responses"].items():
            if not str(status).startswith("2"):
                continue
            for schema in _referenced(answer, schemas, set()) & STATUS_SCHEMAS.keys():
                readers.setdefault(schema, []).append(endpoint)
    return readers


def _referenced(node: Any, schemas: dict[str, Any], seen: set[str]) -> set[str]:
    """Every schema name reachable through ``$ref`` from ``node``."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                _referenced(schemas.get(name), schemas, seen)
        for value in node.values():
            _referenced(value, schemas, seen)
    elif isinstance(node, list):
        for value in node:
            _referenced(value, schemas, seen)
    return seen
