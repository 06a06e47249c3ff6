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

It runs right after SecurityMiddleware (so the redirect carries HSTS and nosniff like every
other response) and before everything else, for every URL: error links are what applications
build from whatever they know, but a token pasted into the session check's prefill link or the
search box is just as secret.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from kb.errorlinks.tokens import REMOVED_FLAG, without_secrets


class StripTokensFromLinksMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.GET:
            pairs = [(k, v) for k, values in request.GET.lists() for v in values]
            kept, dropped = without_secrets(pairs)
            if dropped:
                return _redirect(request.path, kept)
        return self.get_response(request)


def _redirect(path: str, kept: list[tuple[str, str]]) -> HttpResponse:
    query = urlencode([(k, v) for k, v in kept if k != REMOVED_FLAG] + [(REMOVED_FLAG, "1")])
    # 303: whatever the method, fetch the cleaned URL with GET. No body, nothing cached.
    response = HttpResponseRedirect(f"{path}?{query}", status=303)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    # Applications fetching the JSON help from another origin must be able to follow it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
