"""A search costs the same few queries however many articles it returns."""

from __future__ import annotations

from kb.search.query import search_articles


def test_search_runs_six_queries_whatever_the_number_of_hits(corpus, django_assert_num_queries):
    search_articles("ksef", "pl", limit=1)  # loads the vocabulary into this process

    # Vocabulary check; per language, the candidates and the counts of matches (for the IDF);
    # the documents of all hits.
    with django_assert_num_queries(6):
        hits = search_articles("ksef", "pl", limit=20)

    assert len(hits) == 7
