"""Facts of the KSeF API v2 protocol, in one place for the client and the simulator alike.

Every value here is taken from the ministry's OpenAPI document (``openapi/ksef-api-v2.9.0.json``)
or from the facts collected in ``shared/ksef/README.md``; nothing in this module decides anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Environment(StrEnum):
    TEST = "test"
    DEMO = "demo"
    PROD = "prod"


ENVIRONMENT_URLS: dict[Environment, str] = {
    Environment.TEST: "https://api-test.ksef.mf.gov.pl/v2",
    Environment.DEMO: "https://api-demo.ksef.mf.gov.pl/v2",
    Environment.PROD: "https://api.ksef.mf.gov.pl/v2",
}


# Paths relative to an environment's base URL, which ends in /v2.
class ApiPath:
    PUBLIC_KEY_CERTIFICATES = "/security/public-key-certificates"
    CHALLENGE = "/auth/challenge"
    KSEF_TOKEN = "/auth/ksef-token"
    AUTH_STATUS = "/auth/{referenceNumber}"
    REDEEM = "/auth/token/redeem"
    XADES_SIGNATURE = "/auth/xades-signature"
    REFRESH = "/auth/token/refresh"
    AUTH_SESSIONS = "/auth/sessions"
    CURRENT_AUTH_SESSION = "/auth/sessions/current"
    ONLINE_SESSION = "/sessions/online"
    CLOSE_ONLINE_SESSION = "/sessions/online/{referenceNumber}/close"
    SESSION_STATUS = "/sessions/{referenceNumber}"
    TOKEN_STATUS = "/tokens/{referenceNumber}"
    PERSONAL_GRANTS = "/permissions/query/personal/grants"
    # Exists only on the TEST environment.
    TESTDATA_PERMISSIONS = "/testdata/permissions"


HEADER_ERROR_FORMAT = "X-Error-Format"
# With this header 400 and 429 come as application/problem+json, like 401 and 403 always do.
ERROR_FORMAT_PROBLEM_DETAILS = "problem-details"
HEADER_SYSTEM_WARNING = "X-System-Warning"
HEADER_RETRY_AFTER = "Retry-After"
HEADER_TRACE_ID = "Trace-Id"

# The only response headers an error keeps: the clues a gateway 403 leaves, plus the announcements.
ERROR_HEADER_ALLOWLIST: tuple[str, ...] = (
    "Retry-After",
    "Trace-Id",
    "x-azure-ref",
    "Server",
    "X-CDN",
    "X-System-Warning",
)

CONTENT_TYPE_JSON = "application/json"
CONTENT_TYPE_PROBLEM_JSON = "application/problem+json"
# The body of POST /auth/xades-signature: the signed AuthTokenRequest as it is.
CONTENT_TYPE_XML = "application/xml"


class CertificateUsage(StrEnum):
    KSEF_TOKEN_ENCRYPTION = "KsefTokenEncryption"
    SYMMETRIC_KEY_ENCRYPTION = "SymmetricKeyEncryption"


CONTEXT_TYPE_NIP = "Nip"
CHALLENGE_VALIDITY_SECONDS = 10 * 60
AUTHENTICATION_TOKEN_LIFETIME_SECONDS = 45 * 60
ACCESS_TOKEN_LIFETIME_SECONDS = 15 * 60
REFRESH_TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600
ONLINE_SESSION_LIFETIME_SECONDS = 12 * 3600
AUTH_METHOD_TOKEN = "Token"
AUTH_METHOD_CATEGORY_TOKEN = "Token"
# AuthenticationMethodCategory of a signed AuthTokenRequest.
AUTH_METHOD_CATEGORY_XADES = "XadesSignature"
# POST /auth/xades-signature: make TEST check the certificate's chain and its OCSP/CRL status
# too, as DEMO and PROD always do (the query parameter of the same name).
QUERY_VERIFY_CERTIFICATE_CHAIN = "verifyCertificateChain"


class AuthStatusCode(IntEnum):
    """``status.code`` of ``GET /auth/{referenceNumber}``."""

    IN_PROGRESS = 100
    SUCCESS = 200
    NO_PERMISSIONS = 415
    REVOKED = 425
    BAD_TOKEN = 450
    CERTIFICATE_ERROR = 460
    DECEASED_PERSON = 470
    BLOCKED = 480
    UNKNOWN_ERROR = 500
    CANCELLED_BY_SYSTEM = 550


# Descriptions and details exactly as the OpenAPI document lists them (Polish, as KSeF sends them).
AUTH_STATUS_DESCRIPTIONS: dict[AuthStatusCode, str] = {
    AuthStatusCode.IN_PROGRESS: "Uwierzytelnianie w toku",
    AuthStatusCode.SUCCESS: "Uwierzytelnianie zakończone sukcesem",
    AuthStatusCode.NO_PERMISSIONS: "Uwierzytelnianie zakończone niepowodzeniem",
    AuthStatusCode.REVOKED: "Uwierzytelnienie unieważnione",
    AuthStatusCode.BAD_TOKEN: (
        "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu"
    ),
    AuthStatusCode.CERTIFICATE_ERROR: (
        "Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu"
    ),
    AuthStatusCode.DECEASED_PERSON: "Uwierzytelnianie zakończone niepowodzeniem",
    AuthStatusCode.BLOCKED: "Uwierzytelnienie zablokowane",
    AuthStatusCode.UNKNOWN_ERROR: "Nieznany błąd",
    AuthStatusCode.CANCELLED_BY_SYSTEM: "Operacja została anulowana przez system",
}


class AuthStatusDetail(StrEnum):
    """``status.details`` entries that tell the 415/450 outcomes apart."""

    NO_PERMISSIONS = "Brak przypisanych uprawnień"
    INVALID_CHALLENGE = "Nieprawidłowe wyzwanie autoryzacyjne"
    INVALID_TOKEN = "Nieprawidłowy token"
    INVALID_TOKEN_TIME = "Nieprawidłowy czas tokena"
    TOKEN_REVOKED = "Token unieważniony"
    TOKEN_INACTIVE = "Token nieaktywny"
    INVALID_ENCRYPTION = "Nieprawidłowe szyfrowanie tokena"
    INVALID_ENCODING = "Nieprawidłowe kodowanie tokena"
    # Followed by the context identifier, e.g. "... w kontekście 1234567890".
    CANNOT_BE_USED_IN_CONTEXT = "Token nie może być użyty w kontekście"
    BLOCKED = (
        "Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z Ministerstwem Finansów przez "
        "formularz zgłoszeniowy."
    )
    CANCELLED = "Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie"
    # Status 425: the authentication, not the KSeF token (a revoked token is 450).
    AUTHENTICATION_REVOKED = (
        "Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika"
    )
    # Status 460, the certificate of a signed request (AuthenticationOperationStatusResponse).
    CERTIFICATE_INVALID = "Nieważny certyfikat"
    CERTIFICATE_CHAIN_ERROR = "Błąd weryfikacji łańcucha certyfikatów"
    CERTIFICATE_CHAIN_UNTRUSTED = "Niezaufany łańcuch certyfikatów"
    CERTIFICATE_REVOKED = "Certyfikat odwołany"
    CERTIFICATE_SUSPENDED = "Certyfikat zawieszony"
    CERTIFICATE_INCORRECT = "Niepoprawny certyfikat"
    # Status 470.
    DECEASED_PERSON = "Próba wykorzystania metod autoryzacyjnych osoby zmarłej"


# One of the details of 400 21301 at POST /auth/token/redeem (OpenAPI): the KSeF token itself
# was revoked, unlike the other 21301s (tokens already redeemed, status does not allow).
REDEEM_TOKEN_REVOKED = "Token KSeF został unieważniony."


def redeem_status_forbids_detail(code: int) -> str:
    """The detail of 400 21301 at POST /auth/token/redeem when the authentication's status does
    not allow it (OpenAPI: "Status uwierzytelniania ({operation.Status}) nie pozwala...")."""
    return f"Status uwierzytelniania ({code}) nie pozwala na pobranie tokenów."


# 21301 with status 100 right after GET /auth/{referenceNumber} said 200: KSeF had not caught up
# yet, and a moment later the same redeem works (CIRFMF/ksef-api issues 238 and 567,
# ksef-client-csharp issue 188).
REDEEM_STILL_IN_PROGRESS = redeem_status_forbids_detail(100)


def cannot_be_used_in_context_detail(context_value: str) -> str:
    return f"{AuthStatusDetail.CANNOT_BE_USED_IN_CONTEXT} {context_value}"


@dataclass(frozen=True)
class AuthStatus:
    """``GET /auth/{referenceNumber}``: ``code`` is one of :class:`AuthStatusCode` in practice."""

    code: int
    description: str
    details: tuple[str, ...]

    @property
    def in_progress(self) -> bool:
        return self.code == AuthStatusCode.IN_PROGRESS

    @property
    def succeeded(self) -> bool:
        return self.code == AuthStatusCode.SUCCESS


class TokenStatusValue(StrEnum):
    PENDING = "Pending"
    ACTIVE = "Active"
    REVOKING = "Revoking"
    REVOKED = "Revoked"
    FAILED = "Failed"


class Permission(StrEnum):
    """Permission names shared by tokens, grants and ``missing-permissions`` security data."""

    INVOICE_READ = "InvoiceRead"
    INVOICE_WRITE = "InvoiceWrite"
    CREDENTIALS_READ = "CredentialsRead"
    CREDENTIALS_MANAGE = "CredentialsManage"
    SUBUNIT_MANAGE = "SubunitManage"
    ENFORCEMENT_OPERATIONS = "EnforcementOperations"
    INTROSPECTION = "Introspection"
    COLLECTIVE_IDENTIFIER_MANAGE = "CollectiveIdentifierManage"
    PEF_INVOICE_WRITE = "PefInvoiceWrite"
    VAT_UE_MANAGE = "VatUeManage"


# Any one of these lets a caller open (and close) an online session (x-required-permissions).
ONLINE_SESSION_REQUIRED_PERMISSIONS: tuple[Permission, ...] = (
    Permission.INVOICE_WRITE,
    Permission.PEF_INVOICE_WRITE,
    Permission.ENFORCEMENT_OPERATIONS,
)

# What a KSeF token can carry (TokenPermissionType).
TOKEN_PERMISSIONS: tuple[Permission, ...] = (
    Permission.INVOICE_READ,
    Permission.INVOICE_WRITE,
    Permission.CREDENTIALS_READ,
    Permission.CREDENTIALS_MANAGE,
    Permission.SUBUNIT_MANAGE,
    Permission.ENFORCEMENT_OPERATIONS,
    Permission.INTROSPECTION,
    Permission.COLLECTIVE_IDENTIFIER_MANAGE,
)

# What /testdata/permissions can grant (TestDataPermissionType).
TESTDATA_PERMISSIONS: tuple[Permission, ...] = TOKEN_PERMISSIONS


class PermissionState(StrEnum):
    ACTIVE = "Active"
    INACTIVE = "Inactive"


_TOKEN_SHAPE = re.compile(
    r"^(?P<ref>[0-9A-Za-z-]{36})\|nip-(?P<nip>\d{10})\|(?P<secret>[0-9a-f]{64})$"
)


@dataclass(frozen=True)
class KsefTokenShape:
    """The visible parts of a KSeF token ``<reference number>|nip-<NIP>|<64 hex>``.

    The shape is seen in public test tokens, not documented as a contract, so callers treat a
    token that does not parse as "shape unknown", never as invalid.
    """

    reference_number: str
    nip: str


def parse_ksef_token(token: str) -> KsefTokenShape | None:
    match = _TOKEN_SHAPE.match(token.strip())
    if match is None:
        return None
    return KsefTokenShape(reference_number=match["ref"], nip=match["nip"])


# A KSeF 1.0 token: 64 hexadecimal characters. KSeF 2.0 does not know them and answers 450
# "Nieprawidłowe kodowanie tokena" (CIRFMF/ksef-api issues 208 and 360).
_KSEF1_TOKEN = re.compile(r"^[0-9A-Fa-f]{64}$")


def is_ksef1_token(text: str) -> bool:
    return _KSEF1_TOKEN.match(text.strip()) is not None


_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def is_valid_nip(nip: str) -> bool:
    """A 10-digit Polish NIP whose check digit is right (weights 6,5,7,2,3,4,5,6,7 mod 11)."""
    if len(nip) != 10 or not nip.isdigit():
        return False
    check = sum(int(digit) * weight for digit, weight in zip(nip, _NIP_WEIGHTS, strict=False)) % 11
    return check != 10 and check == int(nip[9])


@dataclass(frozen=True)
class FormCode:
    system_code: str
    schema_version: str
    value: str

    def as_json(self) -> dict[str, str]:
        return {
            "systemCode": self.system_code,
            "schemaVersion": self.schema_version,
            "value": self.value,
        }


# Note the space in "FA (3)".
FORM_CODE_FA3 = FormCode(system_code="FA (3)", schema_version="1-0E", value="FA")
# Form codes the OpenAPI document lists as supported for online sessions.
SUPPORTED_FORM_CODES: tuple[FormCode, ...] = (
    FormCode("FA (2)", "1-0E", "FA"),
    FORM_CODE_FA3,
    FormCode("PEF (3)", "2-1", "PEF"),
    FormCode("PEF_KOR (3)", "2-1", "PEF"),
    FormCode("FA_RR (1)", "1-1E", "FA_RR"),
)

SYMMETRIC_KEY_BYTES = 32
INITIALIZATION_VECTOR_BYTES = 16


class SessionStatusCode(IntEnum):
    """``status.code`` of ``GET /sessions/{referenceNumber}`` for an interactive session."""

    OPEN = 100
    CLOSED = 170
    # KSeF accepts a symmetric key it cannot decrypt (201) and shows it here later.
    KEY_DECRYPTION_FAILED = 415


SESSION_STATUS_DESCRIPTIONS: dict[SessionStatusCode, str] = {
    SessionStatusCode.OPEN: "Sesja interaktywna otwarta",
    SessionStatusCode.CLOSED: "Sesja interaktywna zamknięta",
    SessionStatusCode.KEY_DECRYPTION_FAILED: "Błąd odszyfrowania dostarczonego klucza",
}
# The detail KSeF adds to 415, as reported in CIRFMF/ksef-api issue 225.
KEY_DECRYPTION_FAILED_DETAIL = "Rozszyfrowania klucza symetrycznego zakończone błędem"

# Any one of these lets a caller read a session's status (x-required-permissions).
SESSION_STATUS_REQUIRED_PERMISSIONS: tuple[Permission, ...] = (
    Permission.INVOICE_WRITE,
    Permission.INTROSPECTION,
    Permission.PEF_INVOICE_WRITE,
    Permission.ENFORCEMENT_OPERATIONS,
)


class ReasonCode(StrEnum):
    """``reasonCode`` of a 403 ``ForbiddenProblemDetails``."""

    MISSING_PERMISSIONS = "missing-permissions"
    IP_NOT_ALLOWED = "ip-not-allowed"
    INSUFFICIENT_RESOURCE_ACCESS = "insufficient-resource-access"
    AUTH_METHOD_NOT_ALLOWED = "auth-method-not-allowed"
    SECURITY_SERVICE_BLOCKED = "security-service-blocked"
    CONTEXT_TYPE_NOT_ALLOWED = "context-type-not-allowed"


# The title of the firewall's 403, which has no reasonCode (seen in public issues).
FIREWALL_BLOCK_TITLE = "Request blocked"


class ExceptionCode(IntEnum):
    """KSeF exception codes of 400 answers (``errors[].code`` or ``exceptionCode``)."""

    INVALID_DOCUMENT = 9101
    NO_SIGNATURE = 9102
    TOO_MANY_SIGNATURES = 9103
    INVALID_SIGNATURE = 9105
    UNREADABLE_BODY = 21001
    INVALID_CERTIFICATE = 21115
    INVALID_CONTEXT_IDENTIFIER = 21117
    SCHEMA_VIOLATION = 21401
    INVALID_CHALLENGE = 21111
    NO_AUTHORIZATION = 21301
    AUTHENTICATION_NOT_FOUND = 21304
    VALIDATION_ERROR = 21405
    UNKNOWN_PUBLIC_KEY = 21470
    SESSION_NOT_FOUND = 21173
    SESSION_STATUS_FORBIDS = 21180


# Rate limits apply per context and client IP.
@dataclass(frozen=True)
class RateLimit:
    per_second: int
    per_minute: int | None = None
    per_hour: int | None = None

    def windows(self) -> tuple[tuple[int, int], ...]:
        """(window length in seconds, allowed requests) for each limited window."""
        pairs = ((1, self.per_second), (60, self.per_minute), (3600, self.per_hour))
        return tuple((seconds, limit) for seconds, limit in pairs if limit is not None)


RATE_LIMITS: dict[str, RateLimit] = {
    ApiPath.ONLINE_SESSION: RateLimit(per_second=10, per_minute=30, per_hour=120),
    ApiPath.CLOSE_ONLINE_SESSION: RateLimit(per_second=20, per_minute=60, per_hour=240),
    ApiPath.SESSION_STATUS: RateLimit(per_second=10, per_minute=120, per_hour=1200),
    ApiPath.TOKEN_STATUS: RateLimit(per_second=10, per_minute=30, per_hour=120),
    ApiPath.PERSONAL_GRANTS: RateLimit(per_second=10, per_minute=30, per_hour=120),
    ApiPath.PUBLIC_KEY_CERTIFICATES: RateLimit(per_second=60),
    ApiPath.CHALLENGE: RateLimit(per_second=60),
    ApiPath.KSEF_TOKEN: RateLimit(per_second=60),
    ApiPath.AUTH_STATUS: RateLimit(per_second=60),
    ApiPath.REDEEM: RateLimit(per_second=60),
    ApiPath.XADES_SIGNATURE: RateLimit(per_second=60),
    ApiPath.REFRESH: RateLimit(per_second=60),
    ApiPath.AUTH_SESSIONS: RateLimit(per_second=10, per_minute=30, per_hour=120),
    ApiPath.CURRENT_AUTH_SESSION: RateLimit(per_second=10, per_minute=30, per_hour=120),
}


# Descriptions KSeF gives these codes (OpenAPI document), so the simulator answers alike.
EXCEPTION_DESCRIPTIONS: dict[ExceptionCode, str] = {
    ExceptionCode.INVALID_DOCUMENT: "Nieprawidłowy dokument.",
    ExceptionCode.NO_SIGNATURE: "Brak podpisu.",
    ExceptionCode.TOO_MANY_SIGNATURES: "Przekroczona liczba dozwolonych podpisów.",
    ExceptionCode.INVALID_SIGNATURE: "Nieprawidłowy podpis.",
    ExceptionCode.INVALID_CERTIFICATE: "Nieprawidłowy certyfikat.",
    ExceptionCode.INVALID_CONTEXT_IDENTIFIER: (
        "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu."
    ),
    ExceptionCode.SCHEMA_VIOLATION: "Dokument nie jest zgodny ze schemą (xsd).",
    ExceptionCode.UNREADABLE_BODY: "Nieczytelna treść.",
    ExceptionCode.INVALID_CHALLENGE: "Nieprawidłowe wyzwanie autoryzacyjne.",
    ExceptionCode.NO_AUTHORIZATION: "Brak autoryzacji.",
    ExceptionCode.AUTHENTICATION_NOT_FOUND: "Brak uwierzytelnienia.",
    ExceptionCode.VALIDATION_ERROR: "Błąd walidacji danych wejściowych.",
    ExceptionCode.UNKNOWN_PUBLIC_KEY: (
        "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz."
    ),
    ExceptionCode.SESSION_NOT_FOUND: "Brak sesji o wskazanym numerze referencyjnym.",
    ExceptionCode.SESSION_STATUS_FORBIDS: "Status sesji nie pozwala na wykonanie operacji.",
}
