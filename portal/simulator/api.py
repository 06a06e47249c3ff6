"""The simulator's KSeF endpoints: /ksef-sim/<environment>/v2/<the path KSeF uses>.

Each view reads the request, calls the module that decides, and answers as KSeF would; every
refusal is a Rejection rendered by portal.simulator.responses.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal.ksef.protocol import (
    CONTEXT_TYPE_NIP,
    HEADER_SYSTEM_WARNING,
    QUERY_VERIFY_CERTIFICATE_CHAIN,
    Environment,
    ExceptionCode,
    PermissionState,
    ReasonCode,
    is_valid_nip,
)
from portal.simulator import (
    auth_sessions,
    authentication,
    clock,
    keys,
    permissions,
    sessions,
    xades,
)
from portal.simulator.models import AuthOperation, SimToken
from portal.simulator.responses import BadRequest, Forbidden, Rejection, json_response

View = Callable[..., HttpResponse]


def endpoint(*methods: str) -> Callable[[View], View]:
    """CSRF-exempt JSON endpoint for ``methods``; Rejections become KSeF's error answers.

    ``X-Test-System-Warning`` is echoed as ``X-System-Warning``, as KSeF documents it.
    KSEF_SIMULATOR_LATENCY_MS delays every answer, plus a uniformly random extra of up to
    KSEF_SIMULATOR_LATENCY_SPREAD_MS, for measuring a check against a slow KSeF.
    """

    def decorate(view: View) -> View:
        @csrf_exempt
        @require_http_methods(list(methods))
        @wraps(view)
        def wrapper(request: HttpRequest, environment: str, **kwargs: Any) -> HttpResponse:
            latency = float(settings.KSEF_SIMULATOR_LATENCY_MS)
            if settings.KSEF_SIMULATOR_LATENCY_SPREAD_MS:
                latency += random.uniform(0, settings.KSEF_SIMULATOR_LATENCY_SPREAD_MS)
            if latency:
                time.sleep(latency / 1000)
            try:
                response = view(request, environment, **kwargs)
            except Rejection as rejection:
                response = rejection.response(request)
            warning = request.headers.get("X-Test-System-Warning")
            if warning:
                response[HEADER_SYSTEM_WARNING] = warning
            return response

        return wrapper

    return decorate


def _body(request: HttpRequest) -> Any:
    if not request.body:
        return {}
    try:
        return json.loads(request.body)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
        raise BadRequest(
            ExceptionCode.UNREADABLE_BODY, "Treść żądania nie jest poprawnym JSON."
        ) from None


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "127.0.0.1"


def _authorization(request: HttpRequest) -> str:
    return request.headers.get("Authorization", "")


@endpoint("GET")
def public_key_certificates(request: HttpRequest, environment: str) -> HttpResponse:
    return json_response(
        [
            {
                "certificate": key.certificate,
                "certificateId": key.public_key_id,
                "publicKeyId": key.public_key_id,
                "validFrom": key.valid_from.isoformat(),
                "validTo": key.valid_to.isoformat(),
                "usage": [key.usage],
            }
            for key in keys.published_keys(environment)
        ]
    )


@endpoint("POST")
def challenge(request: HttpRequest, environment: str) -> HttpResponse:
    issued = authentication.issue_challenge(environment, _client_ip(request), clock.now())
    return json_response(
        {
            "challenge": issued.challenge,
            "timestamp": issued.created_at.isoformat(),
            "timestampMs": issued.timestamp_ms,
            "clientIp": issued.client_ip,
        }
    )


@endpoint("POST")
def ksef_token(request: HttpRequest, environment: str) -> HttpResponse:
    operation, authentication_token = authentication.submit_ksef_token(
        environment, _body(request), clock.now()
    )
    return _authentication_started(operation, authentication_token)


@endpoint("POST")
def xades_signature(request: HttpRequest, environment: str) -> HttpResponse:
    verify_chain = request.GET.get(QUERY_VERIFY_CERTIFICATE_CHAIN, "").lower() == "true"
    operation, authentication_token = xades.submit_xades_signature(
        environment, request.body, verify_chain, clock.now()
    )
    return _authentication_started(operation, authentication_token)


def _authentication_started(operation: AuthOperation, authentication_token: str) -> HttpResponse:
    """202 with the operation's reference number and its authentication token: the answer of
    both ways of starting an authentication (OpenAPI AuthenticationInitResponse)."""
    return json_response(
        {
            "referenceNumber": operation.reference_number,
            "authenticationToken": {
                "token": authentication_token,
                "validUntil": operation.valid_until.isoformat(),
            },
        },
        202,
    )


@endpoint("POST")
def refresh(request: HttpRequest, environment: str) -> HttpResponse:
    return json_response(auth_sessions.refresh(environment, _authorization(request), clock.now()))


@endpoint("GET")
def auth_session_list(request: HttpRequest, environment: str) -> HttpResponse:
    now = clock.now()
    access = authentication.access_token_for_bearer(environment, _authorization(request), now)
    return json_response(auth_sessions.session_list(access, now))


@endpoint("DELETE")
def revoke_current_session(request: HttpRequest, environment: str) -> HttpResponse:
    auth_sessions.revoke_current(environment, _authorization(request), clock.now())
    return HttpResponse(status=204)


@endpoint("GET")
def authentication_status(
    request: HttpRequest, environment: str, reference_number: str
) -> HttpResponse:
    now = clock.now()
    operation = authentication.operation_for_bearer(environment, _authorization(request), now)
    return json_response(authentication.status_body(operation, reference_number, now))


@endpoint("POST")
def redeem(request: HttpRequest, environment: str) -> HttpResponse:
    now = clock.now()
    operation = authentication.operation_for_bearer(environment, _authorization(request), now)
    return json_response(authentication.redeem(operation, now))


@endpoint("POST")
def open_online_session(request: HttpRequest, environment: str) -> HttpResponse:
    now = clock.now()
    access = authentication.access_token_for_bearer(environment, _authorization(request), now)
    session = sessions.open_session(environment, access, _body(request), _client_ip(request), now)
    return json_response(
        {
            "referenceNumber": session.reference_number,
            "validUntil": session.valid_until.isoformat(),
        },
        201,
    )


@endpoint("POST")
def close_online_session(
    request: HttpRequest, environment: str, reference_number: str
) -> HttpResponse:
    now = clock.now()
    access = authentication.access_token_for_bearer(environment, _authorization(request), now)
    sessions.close_session(environment, access, reference_number, _client_ip(request), now)
    return HttpResponse(status=204)


@endpoint("GET")
def session_status(request: HttpRequest, environment: str, reference_number: str) -> HttpResponse:
    now = clock.now()
    access = authentication.access_token_for_bearer(environment, _authorization(request), now)
    return json_response(
        sessions.session_status(environment, access, reference_number, _client_ip(request), now)
    )


@endpoint("GET")
def token_status(request: HttpRequest, environment: str, reference_number: str) -> HttpResponse:
    now = clock.now()
    access = authentication.access_token_for_bearer(environment, _authorization(request), now)
    token = SimToken.objects.filter(
        environment=environment, reference_number=reference_number
    ).first()
    if token is None:
        raise BadRequest(
            ExceptionCode.VALIDATION_ERROR,
            f"Token o numerze referencyjnym {reference_number} nie został znaleziony.",
        )
    if token.nip != access.context_nip:
        raise Forbidden(
            ReasonCode.INSUFFICIENT_RESOURCE_ACCESS, "Brak dostępu do wskazanego zasobu.", None
        )
    body: dict[str, Any] = {
        "referenceNumber": token.reference_number,
        "authorIdentifier": {"type": "Nip", "value": token.author_nip},
        "contextIdentifier": {"type": "Nip", "value": token.nip},
        "description": token.description,
        "requestedPermissions": list(token.permissions),
        "dateCreated": token.created_at.isoformat(),
        "lastUseDate": token.last_used_at.isoformat() if token.last_used_at else None,
        "status": token.status,
        "statusDetails": list(token.status_details) or None,
    }
    return json_response(body)


@endpoint("POST")
def personal_grants(request: HttpRequest, environment: str) -> HttpResponse:
    now = clock.now()
    access = authentication.access_token_for_bearer(environment, _authorization(request), now)
    query = _body(request)
    if not isinstance(query, dict):
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, "Treść żądania musi być obiektem JSON.")
    token = access.operation.token
    subject = token.author_nip if token else access.context_nip
    context_nip = access.context_nip
    granted_by = (query.get("contextIdentifier") or {}).get("value")
    owner = subject == context_nip
    grants = permissions.personal_grants(environment, context_nip, subject, now, granted_by)
    state = query.get("permissionState")
    if state == PermissionState.INACTIVE:
        grants = []
    body = {
        "permissions": [
            {
                "id": grant.grant_id,
                "contextIdentifier": {"type": "Nip", "value": grant.context_nip},
                "permissionScope": grant.permission,
                "description": grant.description,
                "permissionState": PermissionState.ACTIVE.value,
                "startDate": (grant.visible_at or now).isoformat(),
                "canDelegate": False,
            }
            for grant in grants
        ],
        "ownerPermissions": sorted(permissions.owner_permissions()) if owner else None,
        "hasMore": False,
    }
    return json_response(body)


@endpoint("POST")
def testdata_permissions(request: HttpRequest, environment: str) -> HttpResponse:
    """``POST /testdata/permissions``: exists on the TEST environment only, as in KSeF."""
    if environment != Environment.TEST:
        raise Http404("testdata exists only on the test environment")
    body = _body(request)
    try:
        context = body["contextIdentifier"]
        authorized = body["authorizedIdentifier"]
        requested = [(item["permissionType"], item["description"]) for item in body["permissions"]]
    except (KeyError, TypeError):
        raise BadRequest(
            ExceptionCode.VALIDATION_ERROR,
            "Wymagane pola: contextIdentifier, authorizedIdentifier, permissions.",
        ) from None
    if context.get("type") != CONTEXT_TYPE_NIP or not is_valid_nip(str(context.get("value"))):
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, "Nieprawidłowy NIP kontekstu.")
    try:
        permissions.grant(
            environment,
            context_nip=context["value"],
            authorized_type=str(authorized.get("type")),
            authorized_value=str(authorized.get("value")),
            permissions=requested,
            now=clock.now(),
        )
    except ValueError as exc:
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, str(exc)) from None
    return HttpResponse(status=200)
