"""Articles and queries are turned into the same terms."""

from __future__ import annotations

import pytest

from kb.search.text import analyze, endpoint_term, fold, word_term


def test_fold_drops_diacritics_including_polish_l():
    assert fold("Zażółć GĘŚLĄ jaźń, Łódź") == "zazolc gesla jazn, lodz"


@pytest.mark.parametrize(
    ("word", "term"),
    [("uprawnień", "uprawnienie"), ("Uprawnienia", "uprawnienie"), ("sesję", "sesja")],
)
def test_polish_words_become_their_folded_lemma(word, term):
    assert word_term(word, "pl") == term


@pytest.mark.parametrize(
    ("word", "term"),
    [("permissions", "permiss"), ("granted", "grant"), ("Sessions", "session")],
)
def test_english_words_become_their_stem(word, term):
    assert word_term(word, "en") == term


@pytest.mark.parametrize(
    "path",
    [
        "/sessions/online",
        "sessions/online",
        "/v2/sessions/online",
        "https://api-test.ksef.mf.gov.pl/v2/sessions/online",
    ],
)
def test_every_spelling_of_an_endpoint_is_one_term(path):
    [endpoint] = [t for t in analyze(f"POST {path} 403", "pl") if t.term.startswith("ep")]
    assert endpoint.term == "epsessionsonline"


def test_placeholders_in_paths_are_left_out():
    assert endpoint_term("/sessions/online/{referenceNumber}/close") == "epsessionsonlineclose"
    assert endpoint_term("/v2") is None


def test_status_and_exception_codes_are_codes_other_numbers_are_words():
    tokens = analyze("Błąd 403, wyjątek 21470 w roku 2026 po 10 próbach", "pl")
    assert [t.term for t in tokens if t.is_code] == ["403", "21470"]
    assert "2026" in [t.term for t in tokens]


def test_endpoint_tokens_keep_their_words_searchable():
    terms = [t.term for t in analyze("Wyślij GET /security/public-key-certificates", "pl")]
    assert terms == [
        "wyslac",
        "get",
        "epsecuritypublickeycertificates",
        "security",
        "public",
        "key",
        "certificates",
    ]


def test_sentence_punctuation_after_a_path_is_not_part_of_it():
    [endpoint] = [t for t in analyze("Program wysyła POST /sessions/online.", "pl") if t.is_code]
    assert endpoint.surface == "/sessions/online"
