"""How the simulator decides an authentication with a KSeF token, as KSeF does.

The request is checked at once (challenge, key, shape: 400 answers); the outcome (200, 415,
450...) is decided on submission and shown by the status call once the operation "completes",
KSEF_SIMULATOR_AUTH_SECONDS later. The permissions the access token will carry are fixed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from portal.ksef import crypto
from portal.ksef.protocol import (
    ACCESS_TOKEN_LIFETIME_SECONDS,
    AUTH_METHOD_CATEGORY_TOKEN,
    AUTH_METHOD_CATEGORY_XADES,
    AUTH_METHOD_TOKEN,
    AUTH_STATUS_DESCRIPTIONS,
    AUTHENTICATION_TOKEN_LIFETIME_SECONDS,
    CHALLENGE_VALIDITY_SECONDS,
    CONTEXT_TYPE_NIP,
    REFRESH_TOKEN_LIFETIME_SECONDS,
    AuthStatusCode,
    AuthStatusDetail,
    CertificateUsage,
    ExceptionCode,
    TokenStatusValue,
    cannot_be_used_in_context_detail,
    is_ksef1_token,
    is_valid_nip,
    redeem_status_forbids_detail,
)
from portal.simulator import faults, keys, permissions
from portal.simulator.identifiers import bearer_token, reference_number
from portal.simulator.models import (
    AccessToken,
    AuthOperation,
    Challenge,
    Fault,
    KeyPair,
    SimToken,
    digest,
)
from portal.simulator.responses import BadRequest, Unauthorized


def issue_challenge(environment: str, client_ip: str, now: datetime) -> Challenge:
    return Challenge.objects.create(
        environment=environment,
        # KSeF's challenges look like reference numbers: 36 characters.
        challenge=reference_number("CR", now),
        timestamp_ms=int(now.timestamp() * 1000),
        created_at=now,
        client_ip=client_ip,
    )


@dataclass(frozen=True)
class Outcome:
    code: AuthStatusCode
    details: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()


def _require(condition: bool, *details: str) -> None:
    if not condition:
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, *details)


def submit_ksef_token(environment: str, body: Any, now: datetime) -> tuple[AuthOperation, str]:
    """``POST /auth/ksef-token``: returns the operation and its (plain) authentication token."""
    _require(isinstance(body, dict), "Treść żądania musi być obiektem JSON.")
    challenge_text = body.get("challenge")
    context = body.get("contextIdentifier")
    encrypted = body.get("encryptedToken")
    key_id = body.get("publicKeyId")
    _require(
        isinstance(challenge_text, str) and len(challenge_text) == 36,
        "Pole 'challenge' jest wymagane.",
    )
    _require(isinstance(encrypted, str) and encrypted != "", "Pole 'encryptedToken' jest wymagane.")
    _require(
        isinstance(context, dict) and isinstance(context.get("value"), str),
        "Pole 'contextIdentifier' jest wymagane.",
    )
    _require(key_id is None or isinstance(key_id, str), "Pole 'publicKeyId' musi być tekstem.")
    # 21405, not 21117: the OpenAPI lists 21117 for /auth/xades-signature only.
    _require(
        context.get("type") == CONTEXT_TYPE_NIP and is_valid_nip(context["value"]),
        f"Nieprawidłowy identyfikator {context.get('value')!s:.16} "
        f"dla typu {context.get('type')!s:.16}.",
    )
    context_nip: str = context["value"]

    challenge = Challenge.objects.filter(environment=environment, challenge=challenge_text).first()
    expired = challenge is not None and now > challenge.created_at + timedelta(
        seconds=CHALLENGE_VALIDITY_SECONDS
    )
    if challenge is None or challenge.used or expired:
        raise BadRequest(ExceptionCode.INVALID_CHALLENGE)

    key = keys.key_named_by_request(environment, CertificateUsage.KSEF_TOKEN_ENCRYPTION, key_id)

    # Only a request that got this far uses up its challenge: after a 21470 the client may
    # retry with fresh certificates and the same challenge.
    challenge.used = True
    challenge.save(update_fields=["used"])

    token, outcome = _decide(environment, encrypted, key, challenge, context_nip, now)
    authentication_token = bearer_token()
    operation = AuthOperation.objects.create(
        environment=environment,
        reference_number=reference_number("AU", now),
        authentication_token_digest=digest(authentication_token),
        token=token,
        context_nip=context_nip,
        start_date=now,
        completes_at=now + timedelta(seconds=settings.KSEF_SIMULATOR_AUTH_SECONDS),
        valid_until=now + timedelta(seconds=AUTHENTICATION_TOKEN_LIFETIME_SECONDS),
        status_code=int(outcome.code),
        status_details=list(outcome.details),
        permissions=list(outcome.permissions),
    )
    return operation, authentication_token


def _decide(
    environment: str,
    encrypted: str,
    key: KeyPair,
    challenge: Challenge,
    context_nip: str,
    now: datetime,
) -> tuple[SimToken | None, Outcome]:
    try:
        decrypted = crypto.decrypt_ksef_token(encrypted, keys.private_key(key))
    except crypto.CryptoError:
        return None, Outcome(AuthStatusCode.BAD_TOKEN, (AuthStatusDetail.INVALID_ENCRYPTION,))
    if decrypted.timestamp_ms != challenge.timestamp_ms:
        return None, Outcome(AuthStatusCode.BAD_TOKEN, (AuthStatusDetail.INVALID_TOKEN_TIME,))
    token = SimToken.objects.filter(
        environment=environment, token_digest=digest(decrypted.token)
    ).first()
    if token is None and is_ksef1_token(decrypted.token):
        # What KSeF 2.0 answers a KSeF 1.0 token (CIRFMF/ksef-api issues 208 and 360).
        return None, Outcome(AuthStatusCode.BAD_TOKEN, (AuthStatusDetail.INVALID_ENCODING,))
    if token is None:
        return None, Outcome(AuthStatusCode.BAD_TOKEN, (AuthStatusDetail.INVALID_TOKEN,))

    token.last_used_at = now
    if token.status == TokenStatusValue.PENDING:
        if token.pending_until is None and token.pending_seconds is not None:
            token.pending_until = now + timedelta(seconds=token.pending_seconds)
        if token.pending_until is not None and token.pending_until <= now:
            token.status = TokenStatusValue.ACTIVE
    token.save(update_fields=["last_used_at", "status", "pending_until"])

    if token.status in (TokenStatusValue.REVOKING, TokenStatusValue.REVOKED):
        return token, Outcome(AuthStatusCode.BAD_TOKEN, (AuthStatusDetail.TOKEN_REVOKED,))
    # Pending and Failed alike. That a Failed token (one that never activated) answers "Token
    # nieaktywny" is the simulator's reading: KSeF documents only that it cannot authenticate,
    # and one public report shows such a token (CIRFMF/ksef-api issue 520).
    if token.status != TokenStatusValue.ACTIVE:
        return token, Outcome(AuthStatusCode.BAD_TOKEN, (AuthStatusDetail.TOKEN_INACTIVE,))
    if token.nip != context_nip:
        return token, Outcome(
            AuthStatusCode.BAD_TOKEN, (cannot_be_used_in_context_detail(context_nip),)
        )
    if token.fault == Fault.AUTH_BLOCKED:
        return token, Outcome(AuthStatusCode.BLOCKED, (AuthStatusDetail.BLOCKED,))
    if token.fault == Fault.AUTH_CANCELLED:
        return token, Outcome(AuthStatusCode.CANCELLED_BY_SYSTEM, (AuthStatusDetail.CANCELLED,))
    if token.fault == Fault.AUTH_REVOKED:
        return token, Outcome(AuthStatusCode.REVOKED, (AuthStatusDetail.AUTHENTICATION_REVOKED,))
    if faults.answers(token, Fault.AUTH_UNKNOWN_ERROR):
        return token, Outcome(AuthStatusCode.UNKNOWN_ERROR)
    if token.fault == Fault.NO_PERMISSIONS_AT_ALL:
        # Against the documentation (no permission in the context is status 415), yet reported
        # once: CIRFMF/ksef-api issue 833, a sole proprietor's own token generated after a login
        # through the national login service; the access token then carried no permissions.
        return token, Outcome(AuthStatusCode.SUCCESS)
    permissions.start_waiting_grants(environment, context_nip, token.author_nip, now)
    held = permissions.held_permissions(environment, context_nip, token.author_nip, now)
    effective = sorted(set(token.permissions) & held)
    if not effective:
        return token, Outcome(AuthStatusCode.NO_PERMISSIONS, (AuthStatusDetail.NO_PERMISSIONS,))
    return token, Outcome(AuthStatusCode.SUCCESS, permissions=tuple(effective))


def operation_for_bearer(environment: str, authorization: str, now: datetime) -> AuthOperation:
    operation = AuthOperation.objects.filter(
        environment=environment, authentication_token_digest=digest(bearer_value(authorization))
    ).first()
    if operation is None or now > operation.valid_until:
        raise Unauthorized("Nieprawidłowy lub wygasły token uwierzytelniający.")
    return operation


def status_code_now(operation: AuthOperation, now: datetime) -> int:
    return AuthStatusCode.IN_PROGRESS if now < operation.completes_at else operation.status_code


def status_body(operation: AuthOperation, reference: str, now: datetime) -> dict[str, Any]:
    """``GET /auth/{referenceNumber}`` for the operation the bearer token belongs to."""
    if operation.reference_number != reference:
        raise BadRequest(
            ExceptionCode.AUTHENTICATION_NOT_FOUND,
            f"Operacja uwierzytelniania o numerze referencyjnym {reference} "
            "nie została znaleziona.",
        )
    code = AuthStatusCode(status_code_now(operation, now))
    status: dict[str, Any] = {"code": int(code), "description": AUTH_STATUS_DESCRIPTIONS[code]}
    if code != AuthStatusCode.IN_PROGRESS and operation.status_details:
        status["details"] = list(operation.status_details)
    return {
        "startDate": operation.start_date.isoformat(),
        "authenticationMethod": operation.method,
        "authenticationMethodInfo": method_info(operation),
        "status": status,
        "isTokenRedeemed": operation.redeemed,
    }


# AuthenticationMethodInfo per method. "xades.qualified-seal" and its name are the OpenAPI's
# example; the signature's code follows that pattern (the simulator's reading).
_METHOD_INFO: dict[str, tuple[str, str, str]] = {
    AUTH_METHOD_TOKEN: (AUTH_METHOD_CATEGORY_TOKEN, "token.ksef", "Token KSeF"),
    "QualifiedSignature": (
        AUTH_METHOD_CATEGORY_XADES,
        "xades.qualified-signature",
        "Podpis kwalifikowany",
    ),
    "QualifiedSeal": (AUTH_METHOD_CATEGORY_XADES, "xades.qualified-seal", "Pieczęć kwalifikowana"),
}


def method_info(operation: AuthOperation) -> dict[str, str]:
    category, code, name = _METHOD_INFO[operation.method]
    return {"category": category, "code": code, "displayName": name}


def redeem(operation: AuthOperation, now: datetime) -> dict[str, Any]:
    """``POST /auth/token/redeem``: once, after status 200."""
    code = status_code_now(operation, now)
    if faults.answers(operation.token, Fault.REDEEM_IN_PROGRESS):
        # KSeF behind its own status call: status 100 right after it said 200 (CIRFMF/ksef-api
        # issue 567, ksef-client-csharp issue 188).
        code = AuthStatusCode.IN_PROGRESS
    if code != AuthStatusCode.SUCCESS:
        raise BadRequest(ExceptionCode.NO_AUTHORIZATION, redeem_status_forbids_detail(code))
    if operation.redeemed:
        raise BadRequest(
            ExceptionCode.NO_AUTHORIZATION,
            f"Tokeny dla operacji uwierzytelniania {operation.reference_number} "
            "zostały już pobrane.",
        )
    access, refresh = bearer_token(), bearer_token()
    access_until = now + timedelta(seconds=ACCESS_TOKEN_LIFETIME_SECONDS)
    refresh_until = now + timedelta(seconds=REFRESH_TOKEN_LIFETIME_SECONDS)
    operation.redeemed = True
    operation.refresh_token_digest = digest(refresh)
    operation.refresh_valid_until = refresh_until
    operation.save(update_fields=["redeemed", "refresh_token_digest", "refresh_valid_until"])
    AccessToken.objects.create(
        environment=operation.environment,
        token_digest=digest(access),
        refresh_token_digest=digest(refresh),
        operation=operation,
        context_nip=operation.context_nip,
        permissions=operation.permissions,
        fault=operation.token.fault if operation.token else "",
        valid_until=access_until,
    )
    return {
        "accessToken": {"token": access, "validUntil": access_until.isoformat()},
        "refreshToken": {"token": refresh, "validUntil": refresh_until.isoformat()},
    }


def access_token_for_bearer(environment: str, authorization: str, now: datetime) -> AccessToken:
    access = (
        AccessToken.objects.select_related("operation__token")
        .filter(environment=environment, token_digest=digest(bearer_value(authorization)))
        .first()
    )
    if access is None or now > access.valid_until:
        raise Unauthorized("Nieprawidłowy lub wygasły token dostępu.")
    return access


def bearer_value(authorization: str) -> str:
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized("Brak tokena w nagłówku Authorization.")
    return value.strip()
