"""The public sources the verdicts rest on: the ministry's documentation, or the public report
where that is all there is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A public document or report a verdict rests on: a short reference and its address."""

    label: str
    url: str


# The ministry's documentation lives in CIRFMF/ksef-api since api-changelog 2.6.1 (it was
# CIRFMF/ksef-docs before).
DOCS = "https://github.com/CIRFMF/ksef-api/blob/main/"
REPORTS = "https://github.com/CIRFMF/ksef-api/issues/"
OPENAPI = DOCS + "open-api.json"
OPENAPI_AUTH_STATUS = Source(
    "ksef-api, open-api.json: GET /auth/{referenceNumber}, status", OPENAPI
)
OPENAPI_TOKENS = Source(
    "ksef-api, open-api.json: POST /tokens (26001), GET /tokens, statusy tokena", OPENAPI
)
AUTHENTICATION = Source("ksef-api, uwierzytelnianie.md", DOCS + "uwierzytelnianie.md")
TOKEN_AUTHENTICATION = Source(
    "ksef-api, uwierzytelnianie.md, 2.2 (token KSeF)",
    DOCS + "uwierzytelnianie.md#22-uwierzytelnianie-tokenem-ksef",
)
AUTHORIZATION_POLICY = Source(
    "ksef-api, uwierzytelnianie.md, 2.2 (AuthorizationPolicy)", TOKEN_AUTHENTICATION.url
)
REFRESH = Source(
    "ksef-api, uwierzytelnianie.md, 5. Odświeżenie tokena dostępowego",
    DOCS + "uwierzytelnianie.md#5-od%C5%9Bwie%C5%BCenie-tokena-dost%C4%99powego-accesstoken",
)
AUTH_SESSIONS = Source("ksef-api, auth/sesje.md", DOCS + "auth/sesje.md")
PERMISSIONS = Source("ksef-api, uprawnienia.md", DOCS + "uprawnienia.md")
TOKENS = Source("ksef-api, tokeny-ksef.md", DOCS + "tokeny-ksef.md")
LIMITS = Source("ksef-api, limity/limity-api.md (14.09.2026)", DOCS + "limity/limity-api.md")
SESSIONS = Source("ksef-api, sesja-interaktywna.md", DOCS + "sesja-interaktywna.md")
ENVIRONMENTS = Source("ksef-api, srodowiska.md", DOCS + "srodowiska.md")
XADES = Source("ksef-api, auth/podpis-xades.md", DOCS + "auth/podpis-xades.md")
OPENAPI_XADES = Source("ksef-api, open-api.json: POST /auth/xades-signature, 400", OPENAPI)
LATARNIA = Source("CIRFMF/ksef-latarnia", "https://github.com/CIRFMF/ksef-latarnia")


def report(number: int) -> Source:
    return Source(f"CIRFMF/ksef-api #{number}", f"{REPORTS}{number}")
