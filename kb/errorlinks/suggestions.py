"""Articles to offer when no rule answers an error.

One function, so that moving to the search area's ranking is a one-line change here and nothing
else in error links knows how the articles were found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation

from kb.models import Article

_TERM = re.compile(r"[\w-]+", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    slug: str
    title: str
    summary: str
    path: str


def suggest_articles(text: str, language: str, limit: int) -> list[Suggestion]:
    """The published articles in this language that best match the text, best first."""
    return _match_titles_and_summaries(text, language, limit)


def _match_titles_and_summaries(text: str, language: str, limit: int) -> list[Suggestion]:
    # Titles weigh most, then summaries, then the body; the knowledge base is a few dozen
    # articles, so reading the published revisions is cheap.
    terms = {t.lower() for t in _TERM.findall(text) if len(t) >= 3 or t.isdigit()}
    if not terms or limit <= 0:
        return []
    scored = []
    articles = Article.objects.filter(
        language=language, published_revision__isnull=False
    ).select_related("published_revision")
    for article in articles[:500]:
        revision = article.published_revision
        assert revision is not None
        title, summary, body = revision.title.lower(), revision.summary.lower(), revision.body
        score = sum(
            3 * (term in title) + 2 * (term in summary) + (term in body.lower()) for term in terms
        )
        if score:
            scored.append((-score, article.slug, article, revision))
    scored.sort(key=lambda item: (item[0], item[1]))
    with translation.override(language):
        return [
            Suggestion(
                slug=article.slug,
                title=revision.title,
                summary=revision.summary,
                path=reverse("kb:article", kwargs={"slug": article.slug}),
            )
            for _, _, article, revision in scored[:limit]
        ]
