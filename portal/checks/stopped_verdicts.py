"""Verdicts of checks that KSeF or the portal stopped before the token and its permissions
could be judged: blocks, limits, outages, the portal's own faults and answers no document
explains."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.checks.causes import Cause, Verdict
from portal.checks.sources import (
    AUTHORIZATION_POLICY,
    LATARNIA,
    LIMITS,
    OPENAPI_AUTH_STATUS,
    TOKEN_AUTHENTICATION,
    report,
)

STOPPED_VERDICTS: dict[Cause, Verdict] = {
    Cause.IP_NOT_ALLOWED: Verdict(
        title=_("KSeF nie przyjmuje połączeń z tego adresu IP"),
        explanation=_(
            "KSeF odrzucił żądanie z adresu {client_ip}, bo uwierzytelnienie, które wydało ten "
            "token dostępu, ograniczyło jego użycie do listy adresów (authorizationPolicy."
            "allowedIps w żądaniu uwierzytelnienia). To nie jest ustawienie firmy ani kontekstu: "
            "listę podaje program przy każdym uwierzytelnieniu. Portal jej nie wysyła, więc "
            "spotyka ją tylko Twój program."
        ),
        next_steps=(
            _(
                "Sprawdź, czy program nie łączy się z innego adresu niż przy uwierzytelnieniu: "
                "drugi serwer, zmieniony NAT u dostawcy, VPN lub serwer pośredniczący."
            ),
            _(
                "Uwierzytelnij się ponownie z adresu, z którego program wysyła żądania, albo "
                "popraw listę allowedIps w ustawieniach programu."
            ),
        ),
        tone="bad",
        sources=(AUTHORIZATION_POLICY,),
    ),
    Cause.SECURITY_BLOCK: Verdict(
        title=_("Zablokowane przez usługę bezpieczeństwa KSeF"),
        explanation=_(
            "KSeF zablokował żądanie z powodu podejrzenia incydentu bezpieczeństwa. "
            "Identyfikator incydentu: {incident_id}."
        ),
        next_steps=(
            _("Zgłoś incydent Ministerstwu Finansów przez formularz, podając jego identyfikator."),
            _("Nie ponawiaj żądań w pętli: to przedłuża blokadę."),
        ),
        tone="bad",
        sources=(LIMITS, OPENAPI_AUTH_STATUS, report(761)),
    ),
    Cause.PORTAL_BLOCKED: Verdict(
        title=_("KSeF zablokował adres portalu, a nie Twój token"),
        explanation=_(
            "Usługa bezpieczeństwa KSeF zablokowała żądania z adresu, z którego łączy się ten "
            "portal (identyfikator incydentu: {incident_id}). To blokada portalu: nic nie mówi o "
            "Twoim tokenie, uprawnieniach ani firmie, bo sprawdzenie do nich nie doszło. "
            "Wstrzymaliśmy wszystkie sprawdzenia w tym środowisku do {retry_at}, żeby nie "
            "przedłużać blokady; operator portalu został o niej powiadomiony."
        ),
        next_steps=(
            _("Uruchom sprawdzenie ponownie po {retry_at}."),
            _(
                "Twój program łączy się z KSeF z własnego adresu, więc ta blokada go nie dotyczy: "
                "jeśli u Ciebie wszystko działa, nic nie musisz robić."
            ),
            _("Nie zgłaszaj tego incydentu jako swojego: dotyczy adresu portalu."),
        ),
        tone="warn",
        # Blocks of an address range: limity-api.md section 3; "Request blocked" with the
        # blocked clientIp: issues 617 (a whole address locked) and 761.
        sources=(LIMITS, report(617), report(761)),
    ),
    Cause.RATE_LIMITED: Verdict(
        title=_("KSeF ogranicza wywołania: kolejna próba możliwa ok. {retry_at}"),
        explanation=_(
            "{limit_reason} Limity KSeF liczą się osobno dla każdej pary: kontekst (NIP) i adres "
            "IP, w oknach sekundy, minuty i godziny. Powtarzane przekroczenia wydłużają blokadę, "
            "a w skrajnym razie kończą się blokadą bezpieczeństwa podmiotu lub zakresu adresów. "
            "To nie jest awaria KSeF ani problem z uprawnieniami."
        ),
        next_steps=(
            _(
                "Nie ponawiaj sprawdzenia przed {retry_at}: każda próba w czasie blokady "
                "ją wydłuża."
            ),
            _(
                "Jeśli 429 dostaje także Twój program, niech odczeka czas z nagłówka Retry-After "
                "i potem zwolni: mniej wywołań na minutę i na godzinę, bez ponawiania w pętli."
            ),
        ),
        tone="warn",
        sources=(LIMITS, report(491), report(788)),
    ),
    Cause.PORTAL_PACED: Verdict(
        title=_("Portal wstrzymał to sprawdzenie: kolejna próba możliwa ok. {retry_at}"),
        explanation=_(
            "KSeF niczego tu nie ograniczył. To portal rozkłada w czasie swoje wywołania KSeF "
            "dla jednego NIP: wszyscy jego użytkownicy łączą się z jednego adresu, a KSeF liczy "
            "limity dla pary NIP i adres IP. Przed końcem tego sprawdzenia w budżecie portalu "
            "dla tego NIP nie zwolniło się miejsce, bo sprawdzano go niedawno wiele razy."
        ),
        next_steps=(
            _("Uruchom sprawdzenie ponownie po {retry_at}."),
            _(
                "Twój program łączy się z KSeF z własnego adresu i ma własne limity: ten wynik "
                "nic o nim nie mówi."
            ),
        ),
        tone="warn",
        sources=(LIMITS,),
    ),
    Cause.KSEF_UNAVAILABLE: Verdict(
        title=_("KSeF jest teraz niedostępny"),
        explanation=_(
            "KSeF nie odpowiedział poprawnie ({failure}). To nie jest problem z Twoimi "
            "uprawnieniami; nie da się ich teraz sprawdzić."
        ),
        next_steps=(_("Sprawdź komunikaty o dostępności KSeF i spróbuj ponownie później."),),
        tone="warn",
        sources=(LATARNIA,),
    ),
    Cause.UNEXPECTED: Verdict(
        title=_("KSeF odpowiedział nieoczekiwanie"),
        explanation=_(
            "Odpowiedź nie pasuje do żadnej znanej przyczyny: {failure}. {variant_hint}"
            "{permissions_hint}Identyfikator śledzenia (traceId): {trace_id}; nagłówek Server: "
            "{server}."
        ),
        next_steps=(
            _(
                "Zgłoś sprawę wsparciu KSeF, podając identyfikator śledzenia, nagłówki Server, "
                "x-azure-ref i X-CDN z podsumowania poniżej oraz godzinę."
            ),
        ),
        tone="bad",
        sources=(report(125), report(482), report(628), report(747)),
    ),
    Cause.PORTAL_FAULT: Verdict(
        title=_("Sprawdzenie nie powiodło się po naszej stronie"),
        explanation=_(
            "To błąd portalu, a nie KSeF ani Twoich danych ({failure}). Zapisaliśmy go z pełnym "
            "opisem. Nie zgłaszaj go do KSeF ani do Ministerstwa: tam nie ma czego szukać."
        ),
        next_steps=(
            _("Spróbuj ponownie za kilka minut."),
            _(
                "Jeśli błąd się powtarza, napisz do nas i podaj identyfikator sprawdzenia z "
                "podsumowania poniżej."
            ),
        ),
        tone="bad",
        # Those 450 details name a challenge, a timestamp or an encryption, all the portal's
        # own work (OpenAPI, GET /auth/{referenceNumber}; uwierzytelnianie.md 2.2).
        sources=(OPENAPI_AUTH_STATUS, TOKEN_AUTHENTICATION),
    ),
}

# What each 403 outside the documented schema has been seen to mean (readings.UnexpectedVariant).
UNEXPECTED_HINTS: dict[str, str | Promise] = {
    "empty-403": _(
        "Pusty 403 widziano publicznie w dwóch sytuacjach: od bramy przed KSeF przy otwieraniu "
        "sesji (Server: API-Gateway) i przy nieważnym tokenie dostępu na DEMO, gdzie "
        "dokumentacja przewiduje 401 (Server: Kestrel). Jedynym śladem, po którym wsparcie "
        "odnajdzie takie żądanie, bywa nagłówek x-azure-ref. "
    ),
    "html-403": _(
        "Zamiast odpowiedzi API KSeF przyszła strona HTML: odpowiedziała infrastruktura przed "
        "KSeF, a nie sam KSeF. Jej przyczynę ustali wsparcie z nagłówków x-azure-ref i X-CDN. "
    ),
    "no-reason-403": _(
        "403 bez reasonCode z opisem „Dostęp zabroniony.” zgłoszono publicznie jako odpowiedź "
        "niezgodną z dokumentacją; jej przyczynę zna tylko wsparcie KSeF. "
    ),
}
# A 403 outside the schema on POST /sessions/online while the caller's permissions lack the
# right to open a session: the access token of the report of one (issue 482) lists its
# permissions, so missing ones are a cause worth naming.
MISSING_WRITE_HINT = _(
    "Na liście Twoich uprawnień w tym kontekście ({permissions}) nie ma InvoiceWrite, więc "
    "możliwą przyczyną jest brak uprawnienia do wystawiania faktur. "
)


def limit_reason(facts: dict[str, Any]) -> str:
    if facts.get("retry_after_seconds"):
        return str(
            _(
                "KSeF odpowiedział 429 ({failure}) i poprosił o przerwę na %(seconds)s s "
                "(nagłówek Retry-After), dłuższą, niż to sprawdzenie może czekać."
            )
        ) % {"seconds": facts["retry_after_seconds"]}
    return str(
        _(
            "Przed {retry_at} portal nie może wywołać KSeF w tym kontekście: KSeF poprosił (429 "
            "z nagłówkiem Retry-After) o przerwę w wywołaniach dla tego NIP albo, gdy dotyczyło "
            "to adresu portalu, we wszystkich sprawdzeniach w tym środowisku."
        )
    )
