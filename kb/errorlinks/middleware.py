"""Drop KSeF tokens from links before anything else sees the request: two places in the stack,
one decision (``kb.errorlinks.tokens.without_secrets``). It covers every URL, not only error
links: a token pasted into the session check's prefill link or the search box is as secret. The
web server's access log comes before the application (portal/gunicorn.conf.py logs paths
without their query), and docs/integrators.md tells integrators never to build such links.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict

from kb.errorlinks.tokens import REMOVED_FLAG, without_secrets

# Set in the request's META by the first middleware for the second; a request cannot set it.
STRIPPED = "kb.errorlinks.tokens_stripped"


class StripTokensFromLinksMiddleware:
    """First in the stack, before SecurityMiddleware: removes every secret from the query in
    place, whatever the method, so nothing after it can repeat the token (the redirect from
    plain HTTP to HTTPS, a form echoing ``request.get_full_path()``, Django's error log of a
    500). It answers nothing itself, so every response still goes through the whole stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.GET:
            pairs = [(k, v) for k, values in request.GET.lists() for v in values]
            kept, dropped = without_secrets(pairs)
            if dropped:
                query = urlencode(
                    [(k, v) for k, v in kept if k != REMOVED_FLAG] + [(REMOVED_FLAG, "1")]
                )
                request.META["QUERY_STRING"] = query
                request.GET = QueryDict(query)
                request.META[STRIPPED] = True
        return self.get_response(request)


class RedirectToStrippedLinkMiddleware:
    """Right after SecurityMiddleware, so its answer carries HSTS and nosniff like any other: a
    GET or HEAD whose link held a token is redirected to the address without it, so the address
    bar, history and any later Referer lose it, and the page can say tokens never go in links.
    A POST goes on to its view with the cleaned query: redirecting it would lose the form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get(STRIPPED) and request.method in ("GET", "HEAD"):
            return _redirect(request.get_full_path())
        return self.get_response(request)


def _redirect(location: str) -> HttpResponse:
    # 303: fetch the cleaned URL with GET. No body, nothing cached.
    response = HttpResponseRedirect(location, status=303)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    # Applications fetching the JSON help from another origin must be able to follow it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
