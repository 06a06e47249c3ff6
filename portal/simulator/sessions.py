"""Online sessions in the simulator: the checks KSeF makes on ``POST /sessions/online``.

Order as KSeF's front shows it: bearer (401), rate limit (429), the token's injected fault,
required permissions (403 missing-permissions), then the body (400). The symmetric key is not
among the 400s: KSeF opens the session (201) and reports a key it cannot decrypt later, as
session status 415, and then refuses to close the session (21180). Seen in CIRFMF/ksef-api
issues 225, 283, 454 and 641.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from portal.ksef import crypto
from portal.ksef.protocol import (
    AUTH_METHOD_CATEGORY_TOKEN,
    CONTEXT_TYPE_NIP,
    INITIALIZATION_VECTOR_BYTES,
    KEY_DECRYPTION_FAILED_DETAIL,
    ONLINE_SESSION_LIFETIME_SECONDS,
    ONLINE_SESSION_REQUIRED_PERMISSIONS,
    SESSION_STATUS_DESCRIPTIONS,
    SESSION_STATUS_REQUIRED_PERMISSIONS,
    SUPPORTED_FORM_CODES,
    SYMMETRIC_KEY_BYTES,
    ApiPath,
    CertificateUsage,
    ExceptionCode,
    FormCode,
    Permission,
    ReasonCode,
    SessionStatusCode,
)
from portal.simulator import faults, keys, ratelimits
from portal.simulator.identifiers import reference_number
from portal.simulator.models import AccessToken, Fault, OnlineSession
from portal.simulator.responses import (
    BadRequest,
    FirewallBlocked,
    Forbidden,
    GatewayForbidden,
    HtmlForbidden,
    JavaScriptChallenge,
    ServiceUnavailable,
    TooManyRequests,
)

# 45 minutes: Retry-After values of this size are reported (2492 s and 3037 s in
# CIRFMF/ksef-api issues 491 and 788).
LONG_RETRY_AFTER_SECONDS = 2700


def _incident_id() -> str:
    return "INC-" + secrets.token_hex(6).upper()


def apply_fault(access: AccessToken, client_ip: str) -> None:
    """Answer as the token's scenario asks instead of KSeF's normal answer (``slow`` only
    delays it)."""
    fault = access.fault
    if fault == Fault.GATEWAY_403:
        raise GatewayForbidden()
    if fault == Fault.HTML_403:
        raise HtmlForbidden()
    if faults.answers(access.operation.token, Fault.JS_CHALLENGE):
        raise JavaScriptChallenge()
    if fault == Fault.FIREWALL_403:
        raise FirewallBlocked(_incident_id(), client_ip)
    if fault == Fault.IP_NOT_ALLOWED:
        raise Forbidden(
            ReasonCode.IP_NOT_ALLOWED,
            "Żądanie pochodzi z adresu IP innego niż wskazany podczas uwierzytelnienia.",
            {"clientIp": client_ip},
        )
    if fault == Fault.SECURITY_BLOCKED:
        raise Forbidden(
            ReasonCode.SECURITY_SERVICE_BLOCKED,
            "Żądanie zostało zablokowane przez mechanizmy bezpieczeństwa.",
            {"incidentId": _incident_id(), "clientIp": client_ip},
        )
    if fault == Fault.INSUFFICIENT_RESOURCE_ACCESS:
        raise Forbidden(
            ReasonCode.INSUFFICIENT_RESOURCE_ACCESS, "Brak dostępu do wskazanego zasobu.", None
        )
    if fault == Fault.AUTH_METHOD_NOT_ALLOWED:
        raise Forbidden(
            ReasonCode.AUTH_METHOD_NOT_ALLOWED,
            "Ta operacja nie jest dostępna dla użytej metody uwierzytelnienia.",
            {"authenticationMethodCategory": AUTH_METHOD_CATEGORY_TOKEN},
        )
    if fault == Fault.CONTEXT_TYPE_NOT_ALLOWED:
        raise Forbidden(
            ReasonCode.CONTEXT_TYPE_NOT_ALLOWED,
            "Operacja nie jest dostępna dla uwierzytelnionego typu kontekstu.",
            {"contextIdentifierType": CONTEXT_TYPE_NIP},
        )
    if fault == Fault.RATE_LIMITED:
        raise TooManyRequests(
            settings.KSEF_SIMULATOR_RETRY_AFTER_SECONDS,
            "Przekroczono limit żądań dla /sessions/online. Spróbuj ponownie później.",
        )
    if fault == Fault.RATE_LIMITED_LONG:
        raise TooManyRequests(
            LONG_RETRY_AFTER_SECONDS,
            f"Przekroczono limit żądań dla /sessions/online. "
            f"Spróbuj ponownie po {LONG_RETRY_AFTER_SECONDS} sekundach.",
        )
    if fault == Fault.UNAVAILABLE:
        raise ServiceUnavailable(settings.KSEF_SIMULATOR_RETRY_AFTER_SECONDS)
    if fault == Fault.SLOW:
        # Real time on purpose: the point is the client's own timeout.
        time.sleep(settings.KSEF_SIMULATOR_SLOW_SECONDS)


def require_session_permissions(
    access: AccessToken, any_of: tuple[Permission, ...] = ONLINE_SESSION_REQUIRED_PERMISSIONS
) -> None:
    required = [permission.value for permission in any_of]
    if not set(required) & set(access.permissions):
        raise Forbidden(
            ReasonCode.MISSING_PERMISSIONS,
            "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.",
            {"requiredAnyOfPermissions": required, "presentPermissions": list(access.permissions)},
        )


def _validate_form_code(data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, "Pole 'formCode' jest wymagane.")
    form_code = FormCode(
        system_code=str(data.get("systemCode")),
        schema_version=str(data.get("schemaVersion")),
        value=str(data.get("value")),
    )
    if form_code not in SUPPORTED_FORM_CODES:
        raise BadRequest(
            ExceptionCode.VALIDATION_ERROR,
            f"Nieobsługiwany kod formularza: {form_code.system_code:.20} "
            f"{form_code.schema_version:.10} {form_code.value:.10}.",
        )
    return form_code.as_json()


def _key_decrypts(environment: str, data: Any) -> bool:
    """Whether the session's symmetric key decrypts to an AES-256 key; a bad IV or an unknown
    ``publicKeyId`` is a 400 at once."""
    if not isinstance(data, dict):
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, "Pole 'encryption' jest wymagane.")
    key = keys.key_named_by_request(
        environment, CertificateUsage.SYMMETRIC_KEY_ENCRYPTION, data.get("publicKeyId")
    )
    try:
        iv = crypto.decode_iv(str(data.get("initializationVector") or ""))
    except crypto.CryptoError as exc:
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, str(exc)) from None
    if len(iv) != INITIALIZATION_VECTOR_BYTES:
        raise BadRequest(
            ExceptionCode.VALIDATION_ERROR,
            f"Wektor inicjalizujący musi mieć {INITIALIZATION_VECTOR_BYTES} bajtów, ma {len(iv)}.",
        )
    try:
        symmetric_key = crypto.unwrap_symmetric_key(
            str(data.get("encryptedSymmetricKey") or ""), keys.private_key(key)
        )
    except crypto.CryptoError:
        return False
    return len(symmetric_key) == SYMMETRIC_KEY_BYTES


def open_session(
    environment: str, access: AccessToken, body: Any, client_ip: str, now: datetime
) -> OnlineSession:
    ratelimits.count_request(
        environment, ApiPath.ONLINE_SESSION, access.context_nip, client_ip, now
    )
    apply_fault(access, client_ip)
    require_session_permissions(access)
    if not isinstance(body, dict):
        raise BadRequest(ExceptionCode.VALIDATION_ERROR, "Treść żądania musi być obiektem JSON.")
    form_code = _validate_form_code(body.get("formCode"))
    key_decrypts = _key_decrypts(environment, body.get("encryption"))
    return OnlineSession.objects.create(
        environment=environment,
        reference_number=reference_number("SO", now),
        access_token=access,
        context_nip=access.context_nip,
        form_code=form_code,
        # A good key refused all the same: seen on DEMO now and then (CIRFMF/ksef-api #454).
        key_decryption_failed=not key_decrypts or access.fault == Fault.SESSION_KEY_REFUSED,
        opened_at=now,
        valid_until=now + timedelta(seconds=ONLINE_SESSION_LIFETIME_SECONDS),
    )


def _session(environment: str, access: AccessToken, reference: str) -> OnlineSession:
    session = OnlineSession.objects.filter(
        environment=environment, reference_number=reference, context_nip=access.context_nip
    ).first()
    if session is None:
        raise BadRequest(
            ExceptionCode.SESSION_NOT_FOUND,
            f"Sesja o numerze referencyjnym {reference} nie została znaleziona.",
        )
    return session


def close_session(
    environment: str, access: AccessToken, reference: str, client_ip: str, now: datetime
) -> None:
    ratelimits.count_request(
        environment, ApiPath.CLOSE_ONLINE_SESSION, access.context_nip, client_ip, now
    )
    require_session_permissions(access)
    session = _session(environment, access, reference)
    if session.key_decryption_failed or session.closed_at is not None or now > session.valid_until:
        code = SessionStatusCode.KEY_DECRYPTION_FAILED if session.key_decryption_failed else 440
        raise BadRequest(
            ExceptionCode.SESSION_STATUS_FORBIDS,
            f"Status sesji {code} uniemożliwia jej zamknięcie.",
        )
    session.closed_at = now
    session.save(update_fields=["closed_at"])


def session_status(
    environment: str, access: AccessToken, reference: str, client_ip: str, now: datetime
) -> dict[str, Any]:
    """``GET /sessions/{referenceNumber}`` for an interactive session of the token's context."""
    ratelimits.count_request(
        environment, ApiPath.SESSION_STATUS, access.context_nip, client_ip, now
    )
    require_session_permissions(access, SESSION_STATUS_REQUIRED_PERMISSIONS)
    session = _session(environment, access, reference)
    if session.key_decryption_failed:
        code = SessionStatusCode.KEY_DECRYPTION_FAILED
    elif session.closed_at is not None:
        code = SessionStatusCode.CLOSED
    else:
        code = SessionStatusCode.OPEN
    status: dict[str, Any] = {"code": int(code), "description": SESSION_STATUS_DESCRIPTIONS[code]}
    if code == SessionStatusCode.KEY_DECRYPTION_FAILED:
        status["details"] = [KEY_DECRYPTION_FAILED_DETAIL]
    return {
        "status": status,
        "dateCreated": session.opened_at.isoformat(),
        "dateUpdated": (session.closed_at or session.opened_at).isoformat(),
        "validUntil": session.valid_until.isoformat(),
    }
