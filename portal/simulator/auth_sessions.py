"""Authentication sessions in the simulator: refresh, ending the current one, and listing them,
as docs/signed-login.md (section 5) quotes them from the OpenAPI and ``auth/sesje.md``; an ended
authentication reads as status 425.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from portal.ksef.protocol import (
    ACCESS_TOKEN_LIFETIME_SECONDS,
    AUTH_STATUS_DESCRIPTIONS,
    AuthStatusCode,
    AuthStatusDetail,
    ExceptionCode,
)
from portal.simulator import permissions
from portal.simulator.authentication import bearer_value, method_info, status_code_now
from portal.simulator.identifiers import bearer_token
from portal.simulator.models import AccessToken, AuthOperation, digest
from portal.simulator.responses import BadRequest, Unauthorized


def active_operations(environment: str, context_nip: str, now: datetime) -> QuerySet[AuthOperation]:
    """Successful authentications in the context whose session has not ended: redeemed ones
    until their refresh token expires, others while their authentication token lives."""
    return AuthOperation.objects.filter(
        Q(refresh_valid_until__gt=now) | Q(refresh_valid_until__isnull=True, valid_until__gt=now),
        environment=environment,
        context_nip=context_nip,
        status_code=AuthStatusCode.SUCCESS,
        completes_at__lte=now,
        revoked_at__isnull=True,
    ).order_by("-start_date", "-id")


def active_session_count(environment: str, context_nip: str, now: datetime) -> int:
    return active_operations(environment, context_nip, now).count()


def current_permissions(operation: AuthOperation, now: datetime) -> list[str]:
    """What an access token issued now carries: for a KSeF token its permissions that the
    author still holds, for a signed login what the signer holds in the context."""
    context = operation.context_nip
    if operation.token is not None:
        held = permissions.held_permissions(
            operation.environment, context, operation.token.author_nip, now
        )
        return sorted(set(operation.token.permissions) & held)
    held = permissions.held_permissions(
        operation.environment, context, operation.subject_value, now
    )
    return sorted(held)


def _by_refresh_token(environment: str, authorization: str) -> AuthOperation | None:
    return (
        AuthOperation.objects.select_related("token")
        .filter(environment=environment, refresh_token_digest=digest(bearer_value(authorization)))
        .exclude(refresh_token_digest="")
        .first()
    )


def refresh(environment: str, authorization: str, now: datetime) -> dict[str, Any]:
    """``POST /auth/token/refresh``: a new access token with the permissions held now."""
    operation = _by_refresh_token(environment, authorization)
    if operation is None or operation.refresh_valid_until is None:
        raise Unauthorized("Nieprawidłowy lub wygasły refresh token.")
    if now > operation.refresh_valid_until:
        raise Unauthorized("Nieprawidłowy lub wygasły refresh token.")
    code = status_code_now(operation, now)
    if code != AuthStatusCode.SUCCESS:
        raise BadRequest(
            ExceptionCode.NO_AUTHORIZATION,
            f"Status uwierzytelniania ({code}) nie pozwala na odświeżenie tokenu dostępowego.",
        )
    access = bearer_token()
    access_until = now + timedelta(seconds=ACCESS_TOKEN_LIFETIME_SECONDS)
    AccessToken.objects.create(
        environment=environment,
        token_digest=digest(access),
        operation=operation,
        context_nip=operation.context_nip,
        permissions=current_permissions(operation, now),
        fault=operation.token.fault if operation.token else "",
        valid_until=access_until,
    )
    return {"accessToken": {"token": access, "validUntil": access_until.isoformat()}}


def _operation_for_any_token(environment: str, authorization: str, now: datetime) -> AuthOperation:
    access = (
        AccessToken.objects.select_related("operation")
        .filter(environment=environment, token_digest=digest(bearer_value(authorization)))
        .first()
    )
    if access is not None and now <= access.valid_until:
        return access.operation
    operation = _by_refresh_token(environment, authorization)
    if operation is None or operation.refresh_valid_until is None:
        raise Unauthorized("Nieprawidłowy lub wygasły token.")
    if now > operation.refresh_valid_until:
        raise Unauthorized("Nieprawidłowy lub wygasły token.")
    return operation


def revoke_current(environment: str, authorization: str, now: datetime) -> None:
    """``DELETE /auth/sessions/current`` with an access or a refresh token."""
    operation = _operation_for_any_token(environment, authorization, now)
    if operation.revoked_at is None:
        operation.revoked_at = now
        operation.status_code = AuthStatusCode.REVOKED
        operation.status_details = [AuthStatusDetail.AUTHENTICATION_REVOKED.value]
        operation.save(update_fields=["revoked_at", "status_code", "status_details"])


def session_list(access: AccessToken, now: datetime) -> dict[str, Any]:
    """``GET /auth/sessions`` for the access token's context (one page, newest first)."""
    items = [
        {
            "startDate": operation.start_date.isoformat(),
            "authenticationMethod": operation.method,
            "authenticationMethodInfo": method_info(operation),
            "status": {
                "code": AuthStatusCode.SUCCESS.value,
                "description": AUTH_STATUS_DESCRIPTIONS[AuthStatusCode.SUCCESS],
            },
            "isTokenRedeemed": operation.redeemed,
            "refreshTokenValidUntil": (
                operation.refresh_valid_until.isoformat() if operation.refresh_valid_until else None
            ),
            "referenceNumber": operation.reference_number,
            "isCurrent": operation.pk == access.operation_id,
        }
        for operation in active_operations(access.environment, access.context_nip, now)[:100]
    ]
    return {"continuationToken": None, "items": items}
