"""Reader pages of the knowledge base. (Skeleton: the full pages land with issue 2.)"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kb.models import Category


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "kb/home.html", {"categories": Category.objects.all()})


def _not_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


category = article = history = article_version = feedback = feed = sitemap = _not_yet
