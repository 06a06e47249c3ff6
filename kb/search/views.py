"""The results page and the suggestions under the search box: one template, two partials."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from kb.search.misses import record_miss
from kb.search.query import search
from portal.lib import ratelimit

TEMPLATE = "search/results.html"


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    outcome = search(
        request.GET.get("q", ""), translation.get_language(), settings.SEARCH_RESULTS_LIMIT
    )
    if outcome.searched and not outcome.hits:
        record_miss(outcome.query, now=timezone.now(), client_key=ratelimit.client_key(request))
    return render(request, TEMPLATE, {"outcome": outcome, "query": outcome.query})


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    response: HttpResponse
    if not request.htmx:  # type: ignore[attr-defined]
        # Someone followed the fragment's address: give them the real page.
        response = redirect(reverse("search:results") + "?" + urlencode({"q": query}))
    else:
        outcome = search(
            query,
            translation.get_language(),
            settings.SEARCH_SUGGESTIONS_LIMIT,
            complete_last=not query.endswith(" "),
        )
        context = {"outcome": outcome, "query": outcome.query}
        response = render(request, TEMPLATE + "#suggestions", context)
    # One address, two answers: caches must keep the fragment and the redirect apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
