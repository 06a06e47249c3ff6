"""What an article page shows for one revision: used by the reader pages and by admin's preview,
so a writer previews exactly what a reader will get."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

from kb.markers import filled
from kb.models import Article, Language, Revision
from kb.rendering import Rendered, render_markdown
from kb.translations import counterpart

# A revision never changes, so its HTML needs no invalidation: the timeout only lets a release
# that changes the rendering rules (the sanitiser's allowlist, say) reach old revisions in a day.
RENDERED_SECONDS = 24 * 3600


def sanitised(body: str, language: str) -> Rendered:
    """``body`` as sanitised HTML with its markers as typed, rendered once per text and page
    language (the heading links' title is translated) in each web process's memory. Keyed by the
    text itself, not a revision's id, so a database restored under a live cache never meets
    another text's HTML."""
    digest = hashlib.sha256(body.encode()).hexdigest()
    key = f"kb:rendered:{language}:{digest}"
    found = caches["local"].get_or_set(key, lambda: render_markdown(body), RENDERED_SECONDS)
    assert isinstance(found, Rendered)
    return found


def reader_html(body: str) -> Rendered:
    """``body`` (an article or a piece of one) as readers get it on every page: the article,
    an error's answer, admin's preview. The live figures (kb.markers) are filled in after the
    per-text cache, since they change while the text does not."""
    return filled(sanitised(body, get_language() or settings.LANGUAGE_CODE))


def other_language(language: str) -> str:
    return Language.EN if language == Language.PL else Language.PL


def article_context(
    article: Article, revision: Revision, *, preview: bool = False
) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    current = article.published_revision
    is_current = current is not None and current.pk == revision.pk
    translation = counterpart(article, other_language(article.language))
    canonical = settings.SITE_URL + (
        article.get_absolute_url() if is_current else revision.get_absolute_url()
    )
    return {
        "article": article,
        "revision": revision,
        "category": article.category,
        "rendered": reader_html(revision.body),
        "is_current": is_current,
        "is_old": not preview and not is_current,
        "preview": preview,
        # The reader asked for one language and gets the other one: say so on the page.
        "fallback": article.language != language,
        "translation": translation,
        "translation_url": translation.get_absolute_url() if translation else "",
        "canonical_url": canonical,
        # Old versions and previews are for people following a link, not for search engines.
        "noindex": preview or not is_current,
        "json_ld": _json_ld(article, revision, canonical, is_current),
    }


def _json_ld(article: Article, revision: Revision, url: str, is_current: bool) -> dict[str, Any]:
    modified = article.published_at if is_current and article.published_at else revision.created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": revision.title,
        "description": revision.summary,
        "inLanguage": article.language,
        "url": url,
        "version": str(revision.number),
        "dateModified": modified.isoformat(),
        "datePublished": article.created_at.isoformat(),
        "publisher": {"@type": "Organization", "name": "Portal pomocy KSeF"},
    }
    if article.reviewed_on:
        data["lastReviewed"] = article.reviewed_on.isoformat()
    return data
