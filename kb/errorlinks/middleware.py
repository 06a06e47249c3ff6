"""Drop KSeF tokens from links before anything else sees the request.

Why a redirect and not just a cleaned copy inside the view: the view is far from the only thing
that reads a request. Middleware, Django's own error logging (which receives the whole request
on a 500), error pages and anything that echoes ``request.get_full_path()`` (the language form
in base.html does) would still see the token. Answering straight away with a redirect to the same
URL minus the secret means no code of ours runs with the token in hand, the browser's address
bar, history and any later Referer lose it, and the page the user lands on can say that tokens
never go in links. The first request line is still written by the web server's access log
before we get the request; that is outside the application, and the docs page tells integrators
never to build such links.

It runs first in the middleware stack (before SecurityMiddleware even redirects to HTTPS), for
the error-link pages only: those are the URLs applications build from whatever they know. Other
areas own their pages' handling of stray parameters (the session check, for one, never takes a
token from a URL and has tests that say how it answers).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseRedirectBase
from django.urls import reverse
from django.utils import translation

from kb.errorlinks.tokens import REMOVED_FLAG, without_secrets


@lru_cache(maxsize=1)
def _error_link_paths() -> frozenset[str]:
    # Resolved once for every language: this runs before LocaleMiddleware, when the active
    # language would not match /en/ paths yet.
    paths: set[str] = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.update(reverse(f"errorlinks:{name}") for name in ("landing", "api", "docs"))
    return frozenset(paths)


class _SeeOther(HttpResponseRedirectBase):
    status_code = 303


class StripTokensFromLinksMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.GET and self._applies(request.path):
            pairs = [(k, v) for k, values in request.GET.lists() for v in values]
            kept, dropped = without_secrets(pairs)
            if dropped:
                return self._redirect(request.path, kept)
        return self.get_response(request)

    @staticmethod
    def _applies(path: str) -> bool:
        # Without the slash too: CommonMiddleware would otherwise redirect with the token intact.
        return (path if path.endswith("/") else path + "/") in _error_link_paths()

    @staticmethod
    def _redirect(path: str, kept: list[tuple[str, str]]) -> HttpResponse:
        query = urlencode([(k, v) for k, v in kept if k != REMOVED_FLAG] + [(REMOVED_FLAG, "1")])
        # 303: whatever the method, fetch the cleaned URL with GET. No body, nothing cached.
        response = _SeeOther(f"{path}?{query}")
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        # Applications fetching the JSON help from another origin must be able to follow it.
        response["Access-Control-Allow-Origin"] = "*"
        return response
