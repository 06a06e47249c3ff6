"""The help link's landing page, its JSON twin, and the page that documents both."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from kb.article_page import served
from kb.errorlinks import catalogue, coverage, integrators, params
from kb.errorlinks.describe import describe
from kb.errorlinks.lookup import Answer, check_path, find_answer, record_miss, search_text
from kb.errorlinks.models import KsefCode
from kb.errorlinks.params import ErrorQuery, parse_query, to_params
from kb.errorlinks.payload import absolute, build_payload, landing_path
from kb.errorlinks.tokens import REMOVED_FLAG
from portal.checks.forms import CheckForm
from portal.lib import ratelimit
from portal.lib.api import json_answer, with_api_headers

EXAMPLE_PARAMS = {
    "status": "403",
    "reason": "missing-permissions",
    "endpoint": "POST /sessions/online",
    "env": "demo",
    "nip": "1111111111",
    "trace": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "time": "2026-11-25T14:02:00+01:00",
}


def _language(query: ErrorQuery) -> str:
    active = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return query.language or (active if active in params.LANGUAGES else "pl")


def _wants_json(request: HttpRequest) -> bool:
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _answer(request: HttpRequest) -> tuple[Answer, datetime]:
    """Look the link's error up; an error no rule answers is counted for writers."""
    query = parse_query(request.GET)
    language = _language(query)
    now = timezone.now()
    answer = find_answer(query, language)
    if not answer.matched or answer.code_unanswered:
        record_miss(query, now, client_key=ratelimit.client_key(request))
    return answer, now


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def api(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        return with_api_headers(HttpResponse(status=204))
    answer, now = _answer(request)
    with translation.override(answer.language):
        payload = build_payload(answer, now=now, tokens_removed=REMOVED_FLAG in request.GET)
    return json_answer(request, payload, max_age=settings.ERRORLINKS_CACHE_SECONDS)


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def landing(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS" or _wants_json(request):
        return api(request)
    answer, now = _answer(request)
    query, language = answer.query, answer.language
    with translation.override(language):
        context = {
            # Not "query": the site's search box reads that name.
            "error": query,
            "search_query": search_text(query),
            "answer": answer,
            "description": describe(query, now),
            "answer_html": served(answer.body, article_path=answer.article_base_path).html,
            # The session check's own form, prefilled; its template posts it to checks:new.
            "form": CheckForm(
                initial=CheckForm.prefill({"env": query.environment, "nip": query.nip})
            ),
            "tokens_removed": REMOVED_FLAG in request.GET,
            # The language switch returns to this error, but only as we understood it: the raw
            # query string never goes back into the page.
            "switch_language_next": landing_path(replace(query, language=""), language),
        }
        response = render(request, "errorlinks/landing.html", context)
    patch_vary_headers(response, ["Accept", "Accept-Language"])
    return response


@require_http_methods(["GET", "HEAD"])
def code_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A documented code's own page (/blad/21180/): its section, stable and indexable, for as
    long as the code has an answer of its own (kb.errorlinks.coverage). A code with a whole
    article of its own is sent there: the article is that page, and the sitemap lists it."""
    parsed = catalogue.parse_slug(slug)
    documented = (
        KsefCode.objects.filter(table=parsed[0], code=parsed[1]).first() if parsed else None
    )
    if documented is None:
        raise Http404
    table = catalogue.Table(documented.table)
    language = _language(ErrorQuery())
    answer = find_answer(catalogue.canonical_query(table, documented.code), language)
    if answer.rule is None or not coverage.names_code(answer.rule, table, documented.code):
        raise Http404
    if not answer.rule.anchor:
        return redirect(answer.article_base_path)
    if not answer.anchor:  # the rule's section is no longer in the article
        raise Http404
    context = {
        "answer": answer,
        "documented": documented,
        "table_name": catalogue.TABLE_NAMES[table],
        "answer_html": served(answer.body, article_path=answer.article_base_path).html,
        "check_url": check_path(ErrorQuery(), language),
        "canonical_url": absolute(request.path),
    }
    return render(request, "errorlinks/code.html", context)


def docs(request: HttpRequest) -> HttpResponse:
    language = _language(ErrorQuery())
    # The example asks for the reader's language, so the live answer below it is in it too.
    example = replace(parse_query(EXAMPLE_PARAMS), language=language)
    answer = find_answer(example, language)
    example_json = build_payload(answer, now=timezone.now(), tokens_removed=False)
    with translation.override("pl"):
        page_path, api_path = reverse("errorlinks:landing"), reverse("errorlinks:api")
    context = {
        "example_url": absolute(landing_path(example, "pl")),
        "example_api_url": absolute(f"{api_path}?{urlencode(to_params(example))}"),
        "example_json": json.dumps(example_json, ensure_ascii=False, indent=2),
        "parameters": integrators.PARAMETERS,
        "response_keys": integrators.RESPONSE_KEYS,
        "samples": integrators.samples(settings.SITE_URL, page_path, api_path),
        "cache_seconds": settings.ERRORLINKS_CACHE_SECONDS,
    }
    return render(request, "errorlinks/docs.html", context)
