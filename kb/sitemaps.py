from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from kb.models import Article, Category
from kb.translations import published


class SiteUrlSitemap(Sitemap):
    # Absolute URLs from SITE_URL, the site's public address, whatever host the request used.
    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme


class ArticleSitemap(SiteUrlSitemap):
    def items(self) -> QuerySet[Article]:
        return published().order_by("pk")

    def lastmod(self, item: Article) -> datetime | None:
        return item.published_at


class PageSitemap(SiteUrlSitemap):
    """Home and category pages, in both languages."""

    def items(self) -> list[tuple[str, str]]:
        pages: list[tuple[str, dict[str, str]]] = [("kb:home", {})] + [
            ("kb:category", {"slug": slug})
            for slug in Category.objects.values_list("slug", flat=True)
        ]
        return [
            (language, _reverse(language, name, kwargs))
            for language, _name in settings.LANGUAGES
            for name, kwargs in pages
        ]

    def location(self, item: tuple[str, str]) -> str:
        return item[1]


def _reverse(language: str, name: str, kwargs: dict[str, str]) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
}


def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_view(request, sitemaps=SITEMAPS)
