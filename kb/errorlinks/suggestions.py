"""Articles to offer when no rule answers an error.

One function, so that the ranking (the search area's ``search_articles``) can change here and
nothing else in error links knows how the articles were found.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.search.query import search_articles
from kb.translations import listed_in


@dataclass(frozen=True)
class Suggestion:
    title: str
    summary: str
    # Site path, with the anchor of the best-matching section when the search knows it.
    path: str


def suggest_articles(text: str, language: str, limit: int) -> list[Suggestion]:
    """The published articles that best match the text, best first, the reader's language
    before the other one."""
    if limit <= 0:
        return []
    hits = search_articles(text, language, limit * 2)
    # One card per article: the reader's language, or the other one when that is all there is.
    offered = set(
        listed_in(language).filter(pk__in=[h.article_id for h in hits]).values_list("pk", flat=True)
    )
    return [
        Suggestion(title=hit.title, summary=hit.summary, path=hit.url)
        for hit in hits
        if hit.article_id in offered
    ][:limit]
