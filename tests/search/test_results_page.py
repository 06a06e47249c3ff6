"""The results page: highlighted matches, links to the matching section, language marks, and a
normal page for any input."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_article


def get_results(client, query, prefix=""):
    # The Polish path, whatever language the previous request left active; "/en" makes it English.
    with translation.override("pl"):
        path = reverse("search:results")
    return client.get(prefix + path, {"q": query})


def test_results_highlight_matched_words_in_their_original_form(client, corpus):
    body = get_results(client, "uprawnienia").content.decode()
    assert "Nadawanie <mark>uprawnień</mark> w KSeF" in body
    assert 'href="/artykul/nadawanie-uprawnien/' in body


def test_result_links_to_the_section_holding_the_best_passage(client, corpus):
    body = get_results(client, "zakres tokena InvoiceWrite").content.decode()
    assert 'href="/artykul/blad-403-sessions-online/#scope"' in body
    assert "<mark>InvoiceWrite</mark>" in body


def test_endpoint_and_code_are_highlighted_whole(client, corpus):
    body = get_results(client, "POST /sessions/online 403").content.decode()
    assert "<mark>403</mark>" in body
    assert "<mark>sessions/online</mark>" in body


def test_article_text_is_escaped_around_highlights(client, db):
    make_article(
        "html-w-tytule",
        "Znacznik <script>alert(1)</script> w tytule faktury",
        "Streszczenie o <b>fakturach</b>.",
        "Treść.",
    )
    body = get_results(client, "faktura").content.decode()
    assert "Znacznik &lt;script&gt;alert(1)&lt;/script&gt; w tytule <mark>faktury</mark>" in body
    assert "<script>alert(1)" not in body


def test_english_reader_gets_english_versions_and_polish_only_articles_marked(client, corpus):
    body = get_results(client, "sessions/online 403 ksef", prefix="/en").content.decode()
    assert "/en/artykul/error-403-sessions-online/" in body
    # The Polish original of the same article is not listed a second time.
    assert "/artykul/blad-403-sessions-online/" not in body

    body = get_results(client, "21470", prefix="/en").content.decode()
    assert '<li lang="pl">' in body
    assert "in Polish" in body


def test_corrected_typo_is_shown(client, corpus):
    body = get_results(client, "uprawnienai").content.decode()
    assert "„uprawnienai” → „uprawnienia”" in body
    assert "Nadawanie <mark>uprawnień</mark>" in body


def test_empty_query_asks_what_to_look_for(client, corpus):
    response = get_results(client, "")
    assert response.status_code == 200
    assert "Wpisz, czego szukasz" in response.content.decode()


def test_punctuation_only_query_says_there_is_nothing_to_search(client, corpus):
    response = get_results(client, '?!"*()')
    assert response.status_code == 200
    assert "nie ma słów ani kodów" in response.content.decode()


def test_very_long_query_is_cut_with_a_notice_and_still_searched(client, corpus):
    response = get_results(client, "uprawnienia " + "x" * 5000)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Zapytanie było za długie" in body
    assert "Nadawanie <mark>uprawnień</mark>" in body


@pytest.mark.parametrize(
    "query",
    ['"', "'", "*", "NEAR(", "sesja NEAR/2 token", "(((", ")", "a:b", "^", "-", "\x00", "%", "_"],
)
def test_fts_syntax_characters_give_a_normal_page(client, corpus, query):
    assert get_results(client, query).status_code == 200


def test_results_page_is_not_indexed_by_search_engines(client, corpus):
    assert '<meta name="robots" content="noindex">' in get_results(client, "403").content.decode()


def test_english_results_page_speaks_english(client, corpus):
    body = get_results(client, "403", prefix="/en").content.decode()
    assert "Results: 1" in body
    missing = get_results(client, "kwarantanna akcyzy", prefix="/en").content.decode()
    assert "We found no article for “kwarantanna akcyzy”" in missing
