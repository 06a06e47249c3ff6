"""What an article page shows for one revision: used by the reader pages and by admin's preview,
so a writer previews exactly what a reader will get."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

from kb import images, markers
from kb.models import Article, Language, Revision
from kb.rendering import Rendered, render_markdown
from kb.translations import counterpart

# A revision never changes, so its HTML needs no invalidation: the timeout only lets a release
# that changes the rendering rules (the sanitiser's allowlist, say) reach old revisions in a day.
RENDERED_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Served:
    """What a page shows of a text: its HTML as readers get it, and its table of contents."""

    html: SafeString
    toc: str


def sanitised(body: str, language: str) -> Rendered:
    """``body`` rendered, once per text and page language in each web process. Keyed by the text,
    not a revision's id, so a database restored under a live cache never meets another's HTML."""
    digest = hashlib.sha256(body.encode()).hexdigest()

    def render() -> Rendered:
        with override(language):
            return render_markdown(body)

    found = caches["local"].get_or_set(f"kb:rendered:{language}:{digest}", render, RENDERED_SECONDS)
    assert isinstance(found, Rendered)
    return found


def served(rendered: Rendered, *, article_path: str = "") -> Served:
    """``rendered`` with its images and live figures, as readers get it on every page. A part shown
    on a page of its own (an error's answer) has its in-page links pointed at ``article_path``."""
    pieces = images.shown(rendered.images) + markers.filled(rendered)
    if article_path:
        for link in rendered.links:
            if link.href.startswith("#"):
                tag = rendered.html[link.start : link.end]
                tag = tag.replace('href="#', f'href="{escape(article_path)}#', 1)
                pieces.append((link.start, link.end, tag))
    # Sanitised by kb.rendering; every piece put in is escaped by the module that made it.
    return Served(mark_safe(rendered.with_replaced(pieces)), rendered.toc)


def reader_html(body: str) -> Served:
    """``body`` (an article or a piece of one) as readers get it, in the active language."""
    return served(sanitised(body, get_language() or settings.LANGUAGE_CODE))


def article_context(
    article: Article, revision: Revision, *, preview: bool = False
) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    current = article.published_revision
    is_current = current is not None and current.pk == revision.pk
    other = Language.EN if article.language == Language.PL else Language.PL
    translation = counterpart(article, other)
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
