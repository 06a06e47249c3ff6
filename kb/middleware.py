"""Serve a cached article page before the rest of the middleware stack runs.

The article view already answers a cache hit without the database (kb.page_cache), but the hit
still passed through sessions, authentication, messages, locale, htmx and django-axes, which cost
more than the hit itself. An anonymous reader (no session cookie, hence no login and no stored
messages; no messages cookie) asking for an article page without a query string gets the cached
bytes here, with what the skipped middleware would have added to such a page: the CSRF cookie
and token, Content-Language and Vary, the frame and content-security policies. Everything else
falls through to the full stack, where the view renders and fills the cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from kb import page_cache
from kb.view_counts import record_view

_SLUG_MARK = "slug-placeholder-0"


class CachedArticlePageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.csp = CSPMiddleware(get_response)
        self.frame = XFrameOptionsMiddleware(get_response)

    @cached_property
    def article_paths(self) -> list[tuple[re.Pattern[str], str]]:
        """The article URL of every language, from the URLconf itself (one place for paths)."""
        patterns = []
        for language, _ in settings.LANGUAGES:
            with translation.override(language):
                path = reverse("kb:article", kwargs={"slug": _SLUG_MARK})
            before, after = (re.escape(part) for part in path.split(_SLUG_MARK))
            patterns.append((re.compile(f"^{before}(?P<slug>[-a-zA-Z0-9_]+){after}$"), language))
        return patterns

    @cached_property
    def csp_policy(self) -> str:
        """The site's policy: built once, since cached pages carry no nonce and no per-view
        override (the test of this middleware compares it with the full stack's header)."""
        response = self.csp.process_response(HttpRequest(), HttpResponse())
        return response.headers[CSP_HEADER]

    def article_at(self, path: str) -> tuple[str, str] | None:
        """(slug, language) when ``path`` is an article page."""
        for pattern, language in self.article_paths:
            match = pattern.match(path)
            if match:
                return match["slug"], language
        return None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.cached(request) or self.get_response(request)

    def cached(self, request: HttpRequest) -> HttpResponse | None:
        if request.method != "GET" or request.META.get("QUERY_STRING"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        article = self.article_at(request.path_info)
        if article is None:
            return None
        slug, language = article
        found = page_cache.lookup(slug, language)
        if found is None:
            return None
        article_id, body = found
        self.csrf.process_request(request)
        response = page_cache.respond(request, body)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        self.csrf.process_response(request, response)
        self.frame.process_response(request, response)
        response.headers[CSP_HEADER] = self.csp_policy
        record_view(article_id)
        return response
