"""Which links of a revision lead nowhere on the portal, checked before it is published: a page
and its #anchor must exist as readers see them, and an image must be ours with alt text. Links
to other sites are kb.external_links' weekly check."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from kb import markers
from kb.article_page import sanitised
from kb.images import by_url, is_own
from kb.models import Article, Category, Revision, SlugRedirect
from kb.rendering import ImageRef, render_markdown


@dataclass(frozen=True)
class BrokenLink:
    href: str
    problem: str


def broken_links(revision: Revision) -> list[BrokenLink]:
    """Every distinct link of ``revision`` that leads nowhere, then every image that is not ours
    or lacks alt text, then every figure marker that names no environment."""
    body = render_markdown(revision.body)
    found = []
    for href in body.hrefs:
        problem = _problem(href, body.ids)
        if problem:
            found.append(BrokenLink(href, problem))
    stored = by_url([image.src for image in body.images])
    for image in body.images:
        problem = _image_problem(image, image.src in stored)
        if problem and BrokenLink(image.src, problem) not in found:
            found.append(BrokenLink(image.src, problem))
    for marker in dict.fromkeys(markers.unknown(body)):
        problem = _("nie ma takiego środowiska KSeF (test, demo, prod): czytelnik zobaczy znacznik")
        found.append(BrokenLink(marker, problem))
    return found


def _image_problem(image: ImageRef, stored: bool) -> str | None:
    if not is_own(image.src):
        return _(
            "obrazu spoza portalu czytelnicy nie zobaczą: wgraj go w „Obrazy” i wklej "
            "podany tam kod"
        )
    if not stored:
        return _("na portalu nie ma takiego obrazu")
    if not image.alt:
        return _("obraz nie ma tekstu alternatywnego: ![opis](adres)")
    return None


def _problem(href: str, own_ids: frozenset[str]) -> str | None:
    if href.startswith(settings.SITE_URL + "/"):
        href = href[len(settings.SITE_URL) :]
    parts = urlsplit(href)
    anchor = unquote(parts.fragment)
    if parts.scheme or parts.netloc:
        return None  # another site
    if not parts.path:
        if anchor and anchor not in own_ids:
            return _("w tym artykule nie ma sekcji #%(anchor)s") % {"anchor": anchor}
        return None
    if is_own(parts.path):
        # Before resolving: an address no stored name can have resolves to no page at all.
        return None if by_url([parts.path]) else _("na portalu nie ma takiego obrazu")
    match = _resolve(parts.path)
    if match is None:
        return _("na portalu nie ma takiej strony")
    slug = match.kwargs.get("slug")
    if match.namespace != "kb" or slug is None:
        return None
    if match.url_name == "category":
        if not Category.objects.filter(slug=slug).exists():
            return _("nie ma kategorii „%(slug)s”") % {"slug": slug}
        return None
    article = _article(slug)
    if article is None:
        return _("nie ma artykułu „%(slug)s”") % {"slug": slug}
    if article.published_revision is None:
        return _("artykuł „%(slug)s” nie jest opublikowany") % {"slug": slug}
    if anchor and match.url_name == "article":
        # The page's own rendering, kept per text: several links to one article render it once.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if anchor not in sanitised(article.published_revision.body, language).ids:
            return _("w artykule „%(slug)s” nie ma sekcji #%(anchor)s") % {
                "slug": slug,
                "anchor": anchor,
            }
    return None


def _resolve(path: str) -> ResolverMatch | None:
    # English pages resolve under /en/ only while English is active (i18n_patterns).
    with translation.override("en" if path.startswith("/en/") else settings.LANGUAGE_CODE):
        try:
            return resolve(path)
        except Resolver404:
            return None


def _article(slug: str) -> Article | None:
    article = Article.objects.select_related("published_revision").filter(slug=slug).first()
    if article is None:
        # An old address still works: it redirects to the article's current one.
        redirect = SlugRedirect.objects.select_related("article__published_revision")
        old = redirect.filter(old_slug=slug).first()
        article = old.article if old else None
    return article
