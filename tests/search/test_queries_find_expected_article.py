"""The fixed corpus and the article each kind of query must put first (both databases)."""

from __future__ import annotations

import pytest

from kb.search.query import search_articles

EXPECTED_FIRST = [
    # Polish inflection: the query's form differs from the article's.
    ("uprawnień", "pl", "nadawanie-uprawnien"),
    ("uprawnienia", "pl", "nadawanie-uprawnien"),
    ("uprawnieniami", "pl", "nadawanie-uprawnien"),
    ("sesji", "pl", "blad-403-sessions-online"),
    ("sesję interaktywną", "pl", "blad-403-sessions-online"),
    ("limitów zapytania", "pl", "blad-429-limity"),
    ("klucza publicznego", "pl", "wyjatek-21470-publickeyid"),
    # No diacritics.
    ("uprawnien", "pl", "nadawanie-uprawnien"),
    ("sesja interaktywna", "pl", "blad-403-sessions-online"),
    ("srodowisko produkcyjne", "pl", "srodowiska-ksef"),
    ("SRODOWISKA", "pl", "srodowiska-ksef"),
    # One or two typos.
    ("uprawnienai", "pl", "nadawanie-uprawnien"),
    ("uprawneinia", "pl", "nadawanie-uprawnien"),
    ("srodowsika", "pl", "srodowiska-ksef"),
    ("limtiy zapytań", "pl", "blad-429-limity"),
    # English stemming.
    ("granting permission", "en", "granting-permissions"),
    ("permissions granted", "en", "granting-permissions"),
    ("rate limit", "en", "error-429-rate-limits"),
    ("opening online sessions", "en", "error-403-sessions-online"),
    # Error codes and endpoints.
    ("403", "pl", "blad-403-sessions-online"),
    ("sessions/online", "pl", "blad-403-sessions-online"),
    ("/v2/sessions/online", "pl", "blad-403-sessions-online"),
    ("POST /sessions/online 403", "pl", "blad-403-sessions-online"),
    ("POST https://api.ksef.mf.gov.pl/v2/sessions/online 403", "pl", "blad-403-sessions-online"),
    ("403 sessions/online", "en", "error-403-sessions-online"),
    ("429", "pl", "blad-429-limity"),
    ("21470", "pl", "wyjatek-21470-publickeyid"),
    ("wyjątek 21470", "pl", "wyjatek-21470-publickeyid"),
    ("450", "pl", "status-uwierzytelnienia-415-450"),
    ("status 415", "pl", "status-uwierzytelnienia-415-450"),
    ("/auth/ksef-token 450", "pl", "status-uwierzytelnienia-415-450"),
    ("GET /security/public-key-certificates", "pl", "wyjatek-21470-publickeyid"),
    # Hostile input still finds what its words ask for.
    ('"uprawnienia', "pl", "nadawanie-uprawnien"),
    ("sesja*", "pl", "blad-403-sessions-online"),
    ("NEAR(uprawnienia nadawanie, 2)", "pl", "nadawanie-uprawnien"),
    ("(limity) AND (zapytań OR", "pl", "blad-429-limity"),
    ("uprawnienia'; DROP TABLE kb_article; --", "pl", "nadawanie-uprawnien"),
    ("^sesja: {interaktywna}", "pl", "blad-403-sessions-online"),
]


@pytest.mark.parametrize(("query", "language", "slug"), EXPECTED_FIRST)
def test_query_puts_expected_article_first(corpus, query, language, slug):
    hits = search_articles(query, language, limit=5)
    assert [h.slug for h in hits][:1] == [slug]


@pytest.mark.parametrize(
    ("query", "language", "ranking"),
    [
        ("403", "pl", ["blad-403-sessions-online"]),
        ("403", "en", ["error-403-sessions-online"]),
        ("sessions/online", "pl", ["blad-403-sessions-online", "blad-429-limity"]),
        ("sessions/online", "en", ["error-403-sessions-online", "error-429-rate-limits"]),
        # Articles matching only part of the query follow those matching all of it.
        ("POST /sessions/online 403", "pl", ["blad-403-sessions-online", "blad-429-limity"]),
        ("21470", "pl", ["wyjatek-21470-publickeyid"]),
        ("450", "pl", ["status-uwierzytelnienia-415-450", "tokeny-ksef"]),
        ("limity zapytań", "pl", ["blad-429-limity"]),
        # English versions first; Polish articles without a translation after them.
        (
            "ksef",
            "en",
            [
                "granting-permissions",
                "error-403-sessions-online",
                "error-429-rate-limits",
                "srodowiska-ksef",
                "tokeny-ksef",
                "wyjatek-21470-publickeyid",
                "status-uwierzytelnienia-415-450",
            ],
        ),
    ],
)
def test_ranking_is_the_same_on_every_database(corpus, query, language, ranking):
    assert [h.slug for h in search_articles(query, language, limit=10)] == ranking


@pytest.mark.parametrize(
    "query", ["", "   ", "?!.,;:", '"', "*", "NEAR", "()", "-", "\\", "x" * 5000, "\x00\x01"]
)
def test_queries_without_searchable_words_give_no_hits_and_no_error(corpus, query):
    assert search_articles(query, "pl", limit=5) == []
