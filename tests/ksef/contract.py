"""Validate real HTTP traffic against the ministry's OpenAPI document with openapi-core.

A ``ContractSession`` is a requests.Session that validates every request it sends and every
answer it receives. The simulator lives under /ksef-sim/<env>/v2, so each URL is rewritten onto
the document's own server before validation.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from portal.ksef.protocol import FIREWALL_BLOCK_TITLE

SPEC_PATH = Path(__file__).resolve().parents[2] / "portal/ksef/openapi/ksef-api-v2.9.0.json"
SPEC_SERVER = "https://api-test.ksef.mf.gov.pl/v2"


def _xml_as_text(value: bytes | str, **parameters: str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


@functools.cache
def openapi() -> OpenAPI:
    # openapi-core parses application/json itself; problem+json needs telling that it is JSON.
    # The signed AuthTokenRequest is, to the document, a string (the XML text as sent): left
    # as text, not parsed into an element tree the string schema would refuse.
    config = Config(
        extra_media_type_deserializers={
            "application/problem+json": json.loads,
            "application/xml": _xml_as_text,
        }
    )
    return OpenAPI.from_file_path(str(SPEC_PATH), config=config)


@dataclass
class Violation:
    kind: str  # "request" or "response"
    method: str
    path: str
    status: int | None
    error: str


def _describe(exc: Exception) -> str:
    """openapi-core hides the useful part (which field, which rule) in causes and schema errors."""
    parts = [repr(exc)]
    cause = exc.__cause__
    while cause is not None:
        parts.append(repr(cause))
        for error in getattr(cause, "schema_errors", []) or []:
            parts.append(f"{list(error.path)}: {error.message}")
        cause = cause.__cause__
    return " <- ".join(parts)


def out_of_contract_by_nature(response: requests.Response) -> bool:
    """Answers KSeF's OpenAPI does not describe but that come in practice (README "Errors"):
    the gateway's empty 403, the firewall's "Request blocked", a 503 from the front, and the
    CDN's web pages (a block page, a JavaScript challenge with 200) instead of an answer."""
    if response.status_code == 503:
        return True
    if "text/html" in response.headers.get("Content-Type", ""):
        return True
    if response.status_code == 403 and not response.content:
        return True
    if response.status_code == 403:
        try:
            body = response.json()
        except ValueError:
            return False
        return isinstance(body, dict) and body.get("title") == FIREWALL_BLOCK_TITLE
    return False


class ContractSession(requests.Session):
    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.checked: list[tuple[str, str, int]] = []
        self.violations: list[Violation] = []
        self.tolerated: list[tuple[str, str, int]] = []

    def _onto_spec(self, prepared: requests.PreparedRequest) -> requests.PreparedRequest:
        copy = prepared.copy()
        assert copy.url is not None and copy.url.startswith(self.base_url), copy.url
        copy.url = SPEC_SERVER + copy.url[len(self.base_url) :]
        return copy

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        spec_request = self._onto_spec(request)
        path = (spec_request.path_url or "").split("?")[0]
        method = request.method or ""
        try:
            openapi().validate_request(RequestsOpenAPIRequest(spec_request))
        except Exception as exc:  # openapi-core raises several unrelated error types
            self.violations.append(Violation("request", method, path, None, _describe(exc)))
        response = super().send(request, **kwargs)
        if out_of_contract_by_nature(response):
            self.tolerated.append((method, path, response.status_code))
            return response
        try:
            openapi().validate_response(
                RequestsOpenAPIRequest(spec_request), RequestsOpenAPIResponse(response)
            )
        except Exception as exc:
            self.violations.append(
                Violation("response", method, path, response.status_code, _describe(exc))
            )
        self.checked.append((method, path, response.status_code))
        return response
