"""/stan-ksef/: KSeF's status as Latarnia reports it, refreshing itself while open; and the same
as JSON at /api/v1/ksef-status/ for invoicing applications' own error dialogs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from portal.lib import clock
from portal.lib.api import json_answer, with_api_headers
from portal.status import observations, presentation

# Latarnia is read once a minute; a client or a cache asking more often learns nothing new.
CACHE_SECONDS = 60
REFRESH_SECONDS = 60


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    context = {
        "environments": presentation.environments(clock.current().now()),
        "refresh_seconds": REFRESH_SECONDS,
        "min_checks": observations.MIN_CHECKS,
    }
    # django-htmx's middleware sets request.htmx; the page's own refresh asks for the fragment.
    htmx = getattr(request, "htmx", False)
    if not htmx:
        # Outside the refreshed fragment, which stays within one query.
        context["portal_blocks"] = presentation.portal_blocks(clock.current().now())
    return render(request, "status/page.html#environments" if htmx else "status/page.html", context)


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def api(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        return with_api_headers(HttpResponse(status=204))
    now = clock.current().now()
    payload = {
        "source": "Latarnia (Ministerstwo Finansów)",
        "environments": [env.to_json() for env in presentation.environments(now)],
    }
    return json_answer(request, payload, max_age=CACHE_SECONDS)
