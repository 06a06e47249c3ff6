"""Slugs change, links do not break: every slug an article had keeps redirecting to it."""

from __future__ import annotations

from django.db import transaction

from kb.models import Article, SlugRedirect


def slug_in_use(slug: str, article: Article | None = None) -> bool:
    """Whether ``slug`` belongs to another article, now or as one of its old slugs."""
    others = Article.objects.exclude(pk=article.pk) if article and article.pk else Article.objects
    old = SlugRedirect.objects.filter(old_slug=slug)
    if article and article.pk:
        old = old.exclude(article=article)
    return others.filter(slug=slug).exists() or old.exists()


def record_slug_change(article: Article, old_slug: str) -> None:
    """Call after ``article`` was saved under a new slug: the old one now redirects to it."""
    if old_slug == article.slug:
        return
    with transaction.atomic():
        # Taking back one of its own earlier slugs: that slug is the current one again.
        SlugRedirect.objects.filter(old_slug=article.slug, article=article).delete()
        SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})
