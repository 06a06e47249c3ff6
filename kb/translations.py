"""Which article a reader gets in which language: a translation points at its Polish original;
a reader without a published version in their language gets the other one, with a notice."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kb.models import Article, Language


def published() -> QuerySet[Article]:
    return Article.objects.filter(published_revision__isnull=False)


def counterpart(article: Article, language: str) -> Article | None:
    """The published version of ``article`` in ``language`` (itself if already in it)."""
    if article.language == language:
        return article
    if article.language == Language.PL:
        return published().filter(translation_of=article, language=language).first()
    original = article.translation_of
    if original is not None and original.language == language and original.is_published:
        return original
    return None


def listed_in(language: str) -> QuerySet[Article]:
    """Published articles a reader of ``language`` is offered: those in the language, plus those
    that exist only in the other one."""
    only_other: Any
    if language == Language.PL:
        only_other = Q(language=Language.EN) & (
            Q(translation_of__isnull=True) | Q(translation_of__published_revision__isnull=True)
        )
    else:
        has_translation = published().filter(translation_of=OuterRef("pk"), language=language)
        only_other = Q(language=Language.PL) & ~Exists(has_translation)
    return published().filter(Q(language=language) | only_other)
