from __future__ import annotations

from kb.errorlinks import inventory, skeleton
from kb.errorlinks.inventory import Table


def test_a_section_quotes_the_ministry_and_carries_the_catalogue_anchor():
    entry = inventory.load().get(Table.INVOICE, "440")
    assert entry is not None
    text = skeleton.section(entry, "2.9.0", "pl")
    assert text.startswith("## 440: Duplikat faktury {#invoice-status-440}\n")
    assert "> Opis Ministerstwa Finansów: „Duplikat faktury”" in text
    assert "`GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}`" in text
    assert "[specyfikacja OpenAPI KSeF 2.9.0]" in text


def test_long_endpoint_lists_are_shortened():
    entry = inventory.load().get(Table.EXCEPTION, "21405")
    assert entry is not None
    text = skeleton.section(entry, "2.9.0", "en")
    assert f"and {len(entry.endpoints) - skeleton.MAX_ENDPOINTS} others." in text
    assert text.startswith("## 21405: Błąd walidacji danych wejściowych {#code-21405}")
