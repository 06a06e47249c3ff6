"""Verdicts on the KSeF token itself: the environment it belongs to, its state and its
activation, and an authentication revoked apart from the token."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.checks.causes import Cause, Verdict
from portal.checks.sources import (
    AUTH_SESSIONS,
    ENVIRONMENTS,
    OPENAPI_AUTH_STATUS,
    OPENAPI_TOKENS,
    TOKEN_AUTHENTICATION,
    TOKENS,
    report,
)

TOKEN_VERDICTS: dict[Cause, Verdict] = {
    Cause.WRONG_ENVIRONMENT: Verdict(
        title=_("Token pochodzi z innego środowiska"),
        explanation=_(
            "Środowisko {environment} nie zna tego tokenu, a ten sam token działa w środowisku: "
            "{confirmed_in}. Środowiska KSeF są całkowicie rozdzielone: token z testowego nie "
            "działa na produkcji i odwrotnie."
        ),
        next_steps=(
            _("Ustaw w programie adres środowiska, w którym wygenerowano token."),
            _("Albo wygeneruj token w środowisku, którego program używa."),
        ),
        tone="bad",
        sources=(ENVIRONMENTS,),
    ),
    Cause.TOKEN_UNRECOGNISED: Verdict(
        title=_("Środowisko {environment} nie rozpoznaje tego tokenu"),
        explanation=_(
            "KSeF odpowiedział: {ksef_detail}. To mówi tylko tyle, że w tym środowisku nie ma "
            "takiego tokenu. Możliwe przyczyny: token pochodzi z innego środowiska (testowe, "
            "przedprodukcyjne i produkcyjne są rozdzielone), skopiowano go z błędem lub nie w "
            "całości, został usunięty albo to token z KSeF 1.0, który w KSeF 2.0 nie działa."
        ),
        next_steps=(
            _(
                "Uruchom sprawdzenie ponownie z zaznaczoną zgodą na sprawdzenie pozostałych "
                "środowisk: dowiesz się, czy token działa gdzie indziej."
            ),
            _("Skopiuj token jeszcze raz w całości, razem ze znakami „|”."),
            _(
                "Sprawdź na liście tokenów w Aplikacji Podatnika tego środowiska, czy token "
                "istnieje; jeśli go nie ma, wygeneruj nowy."
            ),
        ),
        tone="bad",
        sources=(OPENAPI_AUTH_STATUS, ENVIRONMENTS, report(208)),
    ),
    Cause.KSEF1_TOKEN: Verdict(
        title=_("KSeF nie odczytał tokenu: to najpewniej token z KSeF 1.0"),
        explanation=_(
            "KSeF odpowiedział: {ksef_detail}. Tak KSeF 2.0 odpowiada na tokeny z KSeF 1.0 "
            "(64 znaki szesnastkowe): nie zostały przeniesione do KSeF 2.0 i tam nie działają. "
            "W tym sprawdzeniu token zaszyfrował i zakodował portal, zgodnie z dokumentacją, "
            "więc przyczyną jest sam token, a nie Twój program."
        ),
        next_steps=(
            _("Wygeneruj nowy token w KSeF 2.0 (Aplikacja Podatnika) i wpisz go w programie."),
            _(
                "Token KSeF 2.0 ma postać „numer-referencyjny|nip-1234567890|64 znaki "
                "szesnastkowe”."
            ),
        ),
        tone="bad",
        sources=(OPENAPI_AUTH_STATUS, TOKEN_AUTHENTICATION, report(208), report(360)),
    ),
    Cause.TOKEN_STATUS: Verdict(
        title=_("Tego tokenu nie da się użyć"),
        explanation=_("KSeF odpowiedział: {ksef_detail}. {status_hint}"),
        next_steps=(
            _(
                "Sprawdź status tokenu na liście tokenów w Aplikacji Podatnika (Pending, Active, "
                "Revoking, Revoked, Failed)."
            ),
            _("Jeśli token unieważniono lub go nie ma, wygeneruj nowy."),
        ),
        tone="bad",
        sources=(OPENAPI_AUTH_STATUS, TOKENS),
    ),
    Cause.TOKEN_ACTIVATED: Verdict(
        title=_("Token aktywował się w trakcie sprawdzenia: teraz działa"),
        explanation=_(
            "Przez pierwsze {minutes} min KSeF odpowiadał: {ksef_detail}, bo token był jeszcze "
            "aktywowany (status Pending). Potem uwierzytelnienie się udało, a KSeF otworzył "
            "sesję."
        ),
        next_steps=(
            _("Nie usuwaj tego tokenu i nie generuj nowego: już działa."),
            _(
                "Jeśli program wciąż zgłasza błąd, uruchom w nim nowe uwierzytelnienie: jego "
                "wcześniejsze próby skończyły się przed aktywacją."
            ),
        ),
        tone="ok",
        # Pending: created, still being activated, cannot authenticate yet (OpenAPI
        # AuthenticationTokenStatus); it starts working once Active (POST /tokens).
        sources=(OPENAPI_TOKENS, TOKENS),
    ),
    Cause.TOKEN_FAILED: Verdict(
        title=_("Token się nie aktywował"),
        explanation=_(
            "Przez {minutes} min każde uwierzytelnienie kończyło się tą samą odpowiedzią KSeF: "
            "{ksef_detail}. Token, który przez cały ten czas pozostał nieaktywny, mógł się nie "
            "aktywować wcale (status Failed). Ministerstwo nie podaje, jak długo trwa aktywacja "
            "ani jaką odpowiedź daje uwierzytelnienie tokenem w statusie Failed. Portal nie "
            "odczyta statusu tokenu, którym nie da się uwierzytelnić."
        ),
        next_steps=(
            _(
                "Sprawdź status tokenu na liście tokenów w Aplikacji Podatnika. Przez API "
                "(GET /tokens) status i przy błędach szczegóły (statusDetails) poda KSeF temu, "
                "kto zaloguje się innym poświadczeniem jako twórca tokenu albo z uprawnieniem "
                "CredentialsRead lub CredentialsManage."
            ),
            _("Token w statusie Failed nie zadziała: wygeneruj nowy."),
        ),
        tone="bad",
        # Failed and its statusDetails: OpenAPI AuthenticationTokenStatus, TokenStatusResponse
        # and GET /tokens. Which 450 detail a Failed token gets is not documented.
        sources=(OPENAPI_TOKENS, TOKENS),
    ),
    Cause.AUTH_REVOKED: Verdict(
        title=_("Uwierzytelnienie zostało unieważnione"),
        explanation=_(
            "KSeF odpowiedział statusem 425: {ksef_detail}. Unieważniono samo uwierzytelnienie "
            "(sesję logowania i jej refresh tokeny), na przykład na liście aktywnych sesji "
            "uwierzytelniania, a nie token KSeF: unieważniony token KSeF daje status 450."
        ),
        next_steps=(
            _("Nie usuwaj tokenu KSeF z tego powodu: uwierzytelnij się nim od nowa."),
            _(
                "Jeśli sesję unieważnił ktoś inny, sprawdź w Aplikacji Podatnika, kto zarządza "
                "sesjami uwierzytelniania firmy."
            ),
        ),
        tone="warn",
        sources=(OPENAPI_AUTH_STATUS, AUTH_SESSIONS),
    ),
}

# What is known of a token KSeF will not take (readings.TokenState).
TOKEN_STATE_HINTS: dict[str, str | Promise] = {
    "revoked": _("Token KSeF został unieważniony (Revoked) i nie zadziała już nigdzie."),
    "unknown": _(
        "Żadne ze środowisk KSeF nie zna tego tokenu: mógł zostać usunięty, skopiowany z "
        "błędem albo pochodzić z KSeF 1.0. Skopiuj go jeszcze raz w całości albo wygeneruj nowy."
    ),
}
