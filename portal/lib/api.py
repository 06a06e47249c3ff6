"""What the portal's public JSON APIs share: any site may read them from a browser (CORS), and
any cache may keep an answer, which depends only on the URL and the language headers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)


def with_api_headers(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
    response["Access-Control-Max-Age"] = "86400"
    patch_vary_headers(response, ["Accept", "Accept-Language"])
    return response


def json_answer(request: HttpRequest, payload: dict[str, Any], *, max_age: int) -> HttpResponse:
    """``payload`` as JSON any cache may keep for ``max_age`` seconds; an application that asks
    again with If-None-Match gets an empty 304."""
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=max_age)
    set_response_etag(response)
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    return with_api_headers(conditional or response)
