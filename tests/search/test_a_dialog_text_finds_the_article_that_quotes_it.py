"""A message copied from an error dialog finds the article that quotes it word for word, ahead
of one that only has its words scattered over headings."""

from __future__ import annotations

import pytest

from kb.search.query import ParsedQuery, parse, search
from kb.search.vocabulary import current_vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles(make_article):
    make_article(
        "rozne-naglowki",
        title="Odmowa dostępu",
        summary="Powody odmowy.",
        body="## Wymagane role {#roles}\n\nRole.\n\n"
        "## Metody uwierzytelnienia {#methods}\n\nMetody.",
    )
    make_article(
        "blad-401",
        title="Błąd 401",
        summary="Brak tokena.",
        body="KSeF odpowiada: „Wymagane jest uwierzytelnienie.”, gdy brakuje tokena dostępowego.",
    )


def test_the_article_quoting_the_message_comes_first(two_articles):
    assert search("Wymagane jest uwierzytelnienie.", "pl", 5).hits[0].slug == "blad-401"


def test_only_a_query_read_word_for_word_is_looked_for_as_a_phrase(two_articles):
    vocabulary = current_vocabulary()

    def read(text: str) -> ParsedQuery:
        return parse(text, vocabulary)

    assert read("Wymagane jest uwierzytelnienie").word_for_word is True
    # An unknown word breaks the sequence; an endpoint is one group for several words.
    assert read("Wymagane qqqzzz uwierzytelnienie").word_for_word is False
    assert read("POST /sessions/online wymagane").word_for_word is False
