"""Site-wide error pages, rendered in the site's own style."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: whatever broke may be in a context processor, and
    # nothing from the failed request (which may hold a token) belongs on this page.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
