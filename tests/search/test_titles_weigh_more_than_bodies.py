"""Where a word stands matters: title first, then error codes and summary, then body."""

from __future__ import annotations

from kb.search.query import search_articles
from tests.factories import make_article


def first(query: str) -> str:
    return search_articles(query, "pl", limit=3)[0].slug


def test_word_in_the_title_beats_the_same_word_repeated_in_a_body(db):
    make_article(
        "w-tresci",
        "Pytania o faktury",
        "Różne pytania.",
        "Korekta faktury. Korekta zbiorcza. Korekta do zera. Korekta in minus.",
    )
    make_article("w-tytule", "Korekta faktury", "Jak poprawić fakturę.", "Wystaw nową fakturę.")
    assert first("korekta") == "w-tytule"


def test_word_in_the_summary_beats_the_same_word_in_a_body(db):
    make_article("w-tresci", "Pytania o faktury", "Różne pytania.", "Faktura zaliczkowa też.")
    make_article("w-streszczeniu", "Pytania o zaliczki", "Faktura zaliczkowa krok po kroku.", "-")
    assert first("zaliczkowa") == "w-streszczeniu"


def test_error_code_in_the_title_beats_the_code_repeated_in_a_body(db):
    make_article(
        "inne-bledy",
        "Inne błędy sesji",
        "Zbiór błędów.",
        "Po 401 sprawdź token. Kod 401 znaczy brak tokena. Znowu 401? Odnów 401.",
    )
    make_article("blad-401", "Błąd 401", "Brak uwierzytelnienia.", "Uwierzytelnij się ponownie.")
    assert first("401") == "blad-401"
