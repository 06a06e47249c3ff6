"""A client for the KSeF API v2 calls the session check makes, one method per call, as the
ministry's OpenAPI document describes them. It decides nothing: polling and retry policy belong
to the caller. ``http.py`` has the transport and ``auth_calls.py`` authentication; this module
adds the online session and the caller's permissions, and is what callers import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.ksef import crypto
from portal.ksef.auth_calls import (
    AuthCalls,
    Authentication,
    AuthInit,
    AuthSession,
    AuthStep,
    Challenge,
    Polling,
    StepReport,
    Tokens,
)
from portal.ksef.http import Certificate, Exchange, parse_datetime
from portal.ksef.protocol import (
    CONTEXT_TYPE_NIP,
    FORM_CODE_FA3,
    ApiPath,
    CertificateUsage,
    FormCode,
)

__all__ = [
    "AuthInit",
    "AuthSession",
    "AuthStep",
    "Authentication",
    "Certificate",
    "Challenge",
    "Exchange",
    "Identifier",
    "KsefClient",
    "OnlineSession",
    "PersonalGrant",
    "PersonalGrants",
    "Polling",
    "StepReport",
    "TokenStatus",
    "Tokens",
    "parse_datetime",
]


@dataclass(frozen=True)
class OnlineSession:
    reference_number: str


@dataclass(frozen=True)
class TokenStatus:
    status: str  # a TokenStatusValue
    requested_permissions: tuple[str, ...]


@dataclass(frozen=True)
class Identifier:
    type: str
    value: str


@dataclass(frozen=True)
class PersonalGrant:
    permission_scope: str  # a Permission
    permission_state: str  # a PermissionState
    context_identifier: Identifier | None


@dataclass(frozen=True)
class PersonalGrants:
    grants: tuple[PersonalGrant, ...]
    owner_permissions: tuple[str, ...]


class KsefClient(AuthCalls):
    """Talks to one KSeF environment (see ``KsefHttp`` for the transport's settings)."""

    def open_online_session(
        self, access_token: str, *, form_code: FormCode = FORM_CODE_FA3
    ) -> OnlineSession:
        """``POST /sessions/online`` with a fresh AES-256 key wrapped under the
        SymmetricKeyEncryption key."""
        session_key = crypto.new_session_key()

        def send(certificate: Certificate) -> OnlineSession:
            body = {
                "formCode": form_code.as_json(),
                "encryption": {
                    "encryptedSymmetricKey": crypto.wrap_symmetric_key(
                        session_key.key, certificate.public_key()
                    ),
                    "initializationVector": crypto.encode_iv(session_key.initialization_vector),
                    "publicKeyId": certificate.public_key_id,
                },
            }
            return self._call(
                "POST",
                ApiPath.ONLINE_SESSION,
                lambda data: OnlineSession(data["referenceNumber"]),
                bearer=access_token,
                body=body,
                expected=201,
            )

        return self._with_certificate(CertificateUsage.SYMMETRIC_KEY_ENCRYPTION, send)

    def close_online_session(self, access_token: str, reference_number: str) -> None:
        path = ApiPath.CLOSE_ONLINE_SESSION.format(referenceNumber=reference_number)
        self._call("POST", path, lambda _: None, bearer=access_token, expected=204)

    def token_status(self, access_token: str, reference_number: str) -> TokenStatus:
        """``GET /tokens/{referenceNumber}``: the KSeF token's status and permissions."""
        path = ApiPath.TOKEN_STATUS.format(referenceNumber=reference_number)
        return self._call(
            "GET",
            path,
            lambda data: TokenStatus(data["status"], tuple(data["requestedPermissions"])),
            bearer=access_token,
        )

    def personal_grants(
        self, access_token: str, *, context_nip: str | None = None
    ) -> PersonalGrants:
        """``POST /permissions/query/personal/grants``: the caller's own permissions (one page of
        100).

        ``context_nip`` filters by the entity that *granted* the permissions (OpenAPI
        ``PersonalPermissionsQueryRequest.contextIdentifier``), not by the login context. Without
        it the query lists all the caller's own permissions in the authenticated context.
        """

        def parse(data: dict[str, Any]) -> PersonalGrants:
            grants = tuple(
                PersonalGrant(
                    item["permissionScope"],
                    item["permissionState"],
                    _identifier(item.get("contextIdentifier")),
                )
                for item in data["permissions"]
            )
            return PersonalGrants(grants, tuple(data.get("ownerPermissions") or ()))

        body: dict[str, Any] = {}
        if context_nip:
            body["contextIdentifier"] = {"type": CONTEXT_TYPE_NIP, "value": context_nip}
        return self._call(
            "POST",
            ApiPath.PERSONAL_GRANTS,
            parse,
            bearer=access_token,
            body=body,
            params={"pageOffset": 0, "pageSize": 100},
        )


def _identifier(data: Any) -> Identifier | None:
    return Identifier(type=data["type"], value=data["value"]) if data else None
