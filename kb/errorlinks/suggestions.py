"""Articles to offer when no rule answers an error.

One function, so that the ranking (the search area's ``search_articles``) can change here and
nothing else in error links knows how the articles were found.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.search.query import search_articles


@dataclass(frozen=True)
class Suggestion:
    slug: str
    title: str
    summary: str
    # Site path, with the anchor of the best-matching section when the search knows it.
    path: str


def suggest_articles(text: str, language: str, limit: int) -> list[Suggestion]:
    """The published articles that best match the text, best first, the reader's language
    before the other one."""
    if limit <= 0:
        return []
    return [
        Suggestion(slug=hit.slug, title=hit.title, summary=hit.summary, path=hit.url)
        for hit in search_articles(text, language, limit)
    ]
