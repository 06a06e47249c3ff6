from __future__ import annotations

import pytest

from kb.errorlinks import inventory
from kb.errorlinks.inventory import Table


@pytest.fixture(scope="module")
def vendored() -> inventory.Inventory:
    return inventory.load()


def test_the_vendored_document_is_version_2_9_0_with_every_table(vendored):
    counts = {table: sum(1 for e in vendored if e.table == table) for table in Table}
    assert vendored.version == "2.9.0"
    assert counts == {
        Table.EXCEPTION: 54,
        Table.REASON: 6,
        Table.AUTH: 10,
        Table.SESSION: 12,
        Table.INVOICE: 12,
        Table.PERMISSION: 10,
        Table.EXPORT: 7,
        Table.CERTIFICATE: 5,
    }


def test_an_exception_code_gathers_its_details_and_endpoints_from_every_answer(vendored):
    entry = vendored.get(Table.EXCEPTION, "21180")
    assert entry is not None
    assert entry.descriptions == ["Status sesji nie pozwala na wykonanie operacji."]
    assert sorted(entry.details) == [
        "Status sesji {code} uniemożliwia jej zamknięcie.",
        "Status sesji {code} uniemożliwia wysyłkę faktur.",
    ]
    assert entry.endpoints == [
        "POST /sessions/batch/{referenceNumber}/close",
        "POST /sessions/online/{referenceNumber}/close",
        "POST /sessions/online/{referenceNumber}/invoices",
    ]


def test_one_status_number_means_different_things_in_different_tables(vendored):
    invoice = vendored.get(Table.INVOICE, "440")
    session = vendored.get(Table.SESSION, "440")
    assert invoice is not None and session is not None
    assert invoice.descriptions == ["Duplikat faktury"]
    assert session.descriptions == ["Sesja anulowana"]
    assert session.details == ["Przekroczono czas wysyłki", "Nie przesłano faktur"]
    assert "GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}" in invoice.endpoints
    assert session.endpoints == ["GET /sessions/{referenceNumber}"]


def test_every_row_of_a_code_is_kept(vendored):
    auth_450 = vendored.get(Table.AUTH, "450")
    assert auth_450 is not None
    assert len(auth_450.details) == 8
    assert "Token nieaktywny" in auth_450.details
    assert auth_450.endpoints == ["GET /auth/sessions", "GET /auth/{referenceNumber}"]


def test_a_403_reason_carries_the_security_fields_the_document_lists(vendored):
    reason = vendored.get(Table.REASON, "missing-permissions")
    assert reason is not None
    assert reason.details == ["requiredAnyOfPermissions: string[], presentPermissions: string[]"]


def test_a_document_without_error_tables_is_refused():
    with pytest.raises(inventory.InventoryError, match="no error codes"):
        inventory.read({"info": {"version": "v2"}, "paths": {}})
    with pytest.raises(inventory.InventoryError, match="not an OpenAPI document"):
        inventory.read(["not", "a", "document"])
