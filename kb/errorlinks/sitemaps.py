"""Every documented code with an answer of its own has an address in the sitemap, in both
languages: people search for the code they were shown ("KSeF 21180"). A code whose answer is a
whole article is that article's address, which the articles' sitemap lists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kb.errorlinks import coverage
from kb.errorlinks.models import KsefCode
from kb.sitemaps import SiteUrlSitemap


class CodeSitemap(SiteUrlSitemap):
    def items(self) -> list[str]:
        codes = list(KsefCode.objects.all())
        answered = coverage.own_answers(codes)
        paths = []
        for code in codes:
            if code.pk in answered and answered[code.pk].anchor:
                for language, _name in settings.LANGUAGES:
                    with translation.override(language):
                        paths.append(reverse("errorlinks:code", kwargs={"slug": code.slug}))
        return paths

    def location(self, item: Any) -> str:
        return str(item)
