"""Verdicts of the check without a token: what KSeF said about a signed AuthTokenRequest."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.checks.causes import Cause, Verdict
from portal.checks.sources import (
    AUTHENTICATION,
    OPENAPI_AUTH_STATUS,
    OPENAPI_XADES,
    PERMISSIONS,
    SESSIONS,
    TOKENS,
    XADES,
    report,
)

SIGNED_VERDICTS: dict[Cause, Verdict] = {
    Cause.SIGNED_SESSION_OK: Verdict(
        title=_("Podpis działa: KSeF otworzył sesję i ją zamknęliśmy"),
        explanation=_(
            "KSeF uwierzytelnił podpisującego ({signer}) w kontekście NIP {nip} i otworzył sesję "
            "interaktywną, więc ta osoba lub ten podmiot może tu wystawiać faktury. Jeśli Twój "
            "program nadal dostaje 403, loguje się czymś innym (na przykład tokenem KSeF, który "
            "ma własny, węższy zakres uprawnień) albo używa starego tokenu dostępu."
        ),
        next_steps=(
            _(
                "Jeśli program loguje się tokenem KSeF, sprawdź tu osobno ten token: jego "
                "uprawnienia ustalono przy jego tworzeniu i mogą nie obejmować wystawiania faktur."
            ),
            _(
                "Uruchom w programie nowe uwierzytelnienie albo odśwież token dostępu "
                "(POST /auth/token/refresh); nie ponawiaj starego żądania."
            ),
        ),
        tone="ok",
        sources=(SESSIONS, TOKENS),
    ),
    Cause.SIGNATURE_NO_RIGHTS: Verdict(
        title=_("Podpisujący nie ma prawa działać w imieniu NIP {nip}"),
        explanation=_(
            "KSeF sprawdził podpis i zakończył uwierzytelnienie statusem 415: {ksef_detail}. "
            "Z certyfikatu odczytał podpisującego jako {signer}. KSeF uwierzytelnia tylko tego, "
            "kto ma w wybranym kontekście choć jedno aktywne uprawnienie, a ten podpisujący nie "
            "ma w kontekście NIP {nip} żadnego."
        ),
        next_steps=(
            _(
                "Sprawdź NIP we wniosku: to ma być firma, w imieniu której podpisujący działa "
                "(nie na przykład NIP biura rachunkowego ani własny NIP pracownika)."
            ),
            _(
                "Właściciel firmy jest rozpoznawany po NIP-ie firmy w certyfikacie albo po "
                "numerze PESEL powiązanym z tym NIP-em. Każdy inny potrzebuje uprawnień nadanych "
                "w KSeF: poproś administratora uprawnień firmy (osobę z CredentialsManage) o "
                "nadanie ich na Twój PESEL, NIP albo odcisk certyfikatu."
            ),
            _(
                "Dokumentacja KSeF podaje zgłoszenie ZAW-FA jako podstawę uprawnień osoby do "
                "działania w imieniu firmy: jeśli w firmie nikt jeszcze nie nadaje uprawnień, "
                "zacznij od niego."
            ),
        ),
        tone="bad",
        sources=(OPENAPI_AUTH_STATUS, AUTHENTICATION, PERMISSIONS),
    ),
    Cause.CERTIFICATE_REFUSED: Verdict(
        title=_("KSeF odrzucił certyfikat, którym podpisano wniosek"),
        explanation=_(
            "KSeF zakończył uwierzytelnienie statusem 460: {ksef_detail}. Certyfikat "
            "podpisującego ({signer}) {certificate_hint}"
        ),
        next_steps=(
            _("Sprawdź ważność certyfikatu w aplikacji do podpisu albo u jego wystawcy."),
            _(
                "Pobierz nowy wniosek i podpisz go innym, ważnym środkiem: podpisem "
                "kwalifikowanym, profilem zaufanym albo certyfikatem KSeF."
            ),
        ),
        tone="bad",
        sources=(OPENAPI_AUTH_STATUS, XADES, AUTHENTICATION),
    ),
    Cause.DECEASED_PERSON: Verdict(
        title=_("KSeF nie przyjmuje metod uwierzytelnienia tej osoby"),
        explanation=_(
            "KSeF zakończył uwierzytelnienie statusem 470: {ksef_detail}. Dotyczy to "
            "podpisującego odczytanego z certyfikatu: {signer}. Tym podpisem nikt nie "
            "uwierzytelni się w KSeF."
        ),
        next_steps=(
            _(
                "Jeśli to pomyłka (na przykład zły numer w certyfikacie), zgłoś ją Ministerstwu "
                "Finansów, podając numer referencyjny uwierzytelnienia: {auth_reference}."
            ),
            _(
                "Firma może działać przez inną osobę z uprawnieniami w KSeF albo pieczęć "
                "kwalifikowaną z jej NIP-em."
            ),
        ),
        tone="bad",
        sources=(OPENAPI_AUTH_STATUS,),
    ),
    Cause.SIGNED_REQUEST_REFUSED: Verdict(
        title=_("KSeF nie przyjął podpisanego wniosku"),
        explanation=_(
            "KSeF odrzucił plik od razu (HTTP 400, kod {exception_code}: {ksef_detail}). "
            "{refusal_hint}"
        ),
        next_steps=(
            _(
                "Pobierz nowy wniosek i podpisz go jeszcze raz. Nie otwieraj go ani nie zapisuj "
                "w innym programie po podpisaniu: każda zmiana unieważnia podpis."
            ),
            _(
                "Jeśli aplikacja do podpisu pyta o rodzaj podpisu, wybierz podpis wewnętrzny "
                "(otaczany, w pliku XML), nie zewnętrzny."
            ),
        ),
        tone="bad",
        sources=(OPENAPI_XADES, XADES, report(162)),
    ),
    Cause.SIGNED_LOGIN_UNFINISHED: Verdict(
        title=_("KSeF nie dokończył logowania podpisem"),
        explanation=_(
            "{unfinished_hint} Portal wysyła podpisany wniosek do KSeF tylko raz i zaraz potem "
            "go usuwa, a wyzwanie w nim żyje 10 minut, więc kolejna próba wymaga nowego wniosku "
            "i nowego podpisu."
        ),
        next_steps=(
            _("Pobierz nowy wniosek, podpisz go i wyślij ponownie."),
            _(
                "Jeśli to się powtarza, sprawdź stan KSeF i zgłoś sprawę wsparciu KSeF, podając "
                "numer referencyjny uwierzytelnienia: {auth_reference}."
            ),
        ),
        tone="warn",
        sources=(OPENAPI_AUTH_STATUS, AUTHENTICATION),
    ),
}

# Status 460's details (OpenAPI AuthenticationOperationStatusResponse) in plain words.
CERTIFICATE_HINTS: dict[str, str | Promise] = {
    "Nieważny certyfikat": _(
        "jest nieważny: najczęściej wygasł albo jeszcze nie zaczął obowiązywać."
    ),
    "Błąd weryfikacji łańcucha certyfikatów": _(
        "nie dał się sprawdzić: KSeF nie zweryfikował łańcucha certyfikatów do wystawcy."
    ),
    "Niezaufany łańcuch certyfikatów": _(
        "nie pochodzi od wystawcy, któremu KSeF ufa. Certyfikaty samopodpisane KSeF przyjmuje "
        "tylko na środowisku testowym, nie na DEMO ani na produkcji."
    ),
    "Certyfikat odwołany": _("został odwołany przez wystawcę i już nie zadziała."),
    "Certyfikat zawieszony": _(
        "jest zawieszony przez wystawcę; zadziała dopiero, gdy wystawca cofnie zawieszenie."
    ),
    "Niepoprawny certyfikat": _("jest niepoprawny; KSeF nie podaje szczegółów."),
}

# How a signed login can stop half way (readings.Unfinished).
UNFINISHED_HINTS: dict[str, str | Promise] = {
    "status": _("KSeF zakończył uwierzytelnienie statusem {auth_status}: {ksef_detail}."),
    "no-answer": _("KSeF nie odpowiedział poprawnie, gdy portal wysyłał wniosek ({failure})."),
    "certificate-check": _(
        "Przez {minutes} min KSeF wciąż sprawdzał certyfikat podpisu u jego wystawcy "
        "(status 100, OCSP lub CRL) i nie zakończył uwierzytelnienia w czasie sprawdzenia."
    ),
}

# Codes of POST /auth/xades-signature's 400 (OpenAPI) in plain words.
SIGNED_REFUSAL_HINTS: dict[int, str | Promise] = {
    9101: _("KSeF nie odczytał dokumentu."),
    9102: _("W pliku nie ma podpisu, który KSeF umie odczytać."),
    9103: _("Plik ma więcej niż jeden podpis, a KSeF przyjmuje jeden."),
    9105: _(
        "Podpis nie zgadza się z treścią pliku albo nie spełnia wymagań KSeF wobec XAdES: plik "
        "zmieniono po podpisaniu (choćby jeden znak), podpis jest zewnętrzny (detached) albo "
        "spoza profili XAdES, które KSeF przyjmuje."
    ),
    21001: _("KSeF nie odczytał treści pliku."),
    21111: _(
        "KSeF uznał wyzwanie we wniosku za nieprawidłowe: najczęściej minęło 10 minut od jego "
        "wydania."
    ),
    21115: _(
        "KSeF nie odczytał z certyfikatu, kogo uwierzytelnia (PESEL, NIP), albo certyfikat jest "
        "nieprawidłowy."
    ),
    21117: _("Identyfikator kontekstu we wniosku jest nieprawidłowy."),
    21401: _("Podpisany dokument nie jest zgodny ze schemą AuthTokenRequest."),
}
