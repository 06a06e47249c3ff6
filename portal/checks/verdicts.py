"""What a finished check can conclude: one cause from the 403 article, as data.

Each cause carries its title, a plain-language explanation, what to do next, its notice tone and
the public sources it rests on (the ministry's documentation, or the public report where that is
all there is). Templates only render this table; the diagnosis only picks a key. The article
section a cause links to is an error-link rule (kb/errorlinks/starter.py), where writers can
change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Cause(models.TextChoices):
    SESSION_OK = "session-ok", _("Sesja otwarta")
    SESSION_NOT_CLOSED = "session-not-closed", _("Sesja otwarta, zamknięcie odrzucone")
    PROPAGATION = "propagation", _("Uprawnienia się propagowały")
    STILL_MISSING = "still-missing", _("Uprawnienia wciąż niewidoczne")
    NO_RIGHTS_FOR_NIP = "no-rights-for-nip", _("Brak uprawnień dla tego NIP")
    OTHER_ENTITY = "other-entity", _("Uprawnienia nadane innemu podmiotowi")
    SCOPE = "scope", _("Token bez uprawnienia do wystawiania faktur")
    WRONG_ENVIRONMENT = "wrong-environment", _("Niewłaściwe środowisko")
    TOKEN_UNRECOGNISED = "token-unrecognised", _("Środowisko nie zna tokenu")
    KSEF1_TOKEN = "ksef1-token", _("Token z KSeF 1.0")
    TOKEN_STATUS = "token-status", _("Token unieważniony lub nieznany")
    TOKEN_ACTIVATED = "token-activated", _("Token aktywował się w trakcie sprawdzenia")
    TOKEN_FAILED = "token-failed", _("Token się nie aktywował")
    AUTH_REVOKED = "auth-revoked", _("Uwierzytelnienie unieważnione")
    NO_PERMISSIONS_AT_ALL = (
        "no-permissions-at-all",
        _("Brak jakichkolwiek uprawnień po zalogowaniu"),
    )
    IP_NOT_ALLOWED = "ip-not-allowed", _("Adres IP niedozwolony")
    SECURITY_BLOCK = "security-block", _("Blokada usługi bezpieczeństwa KSeF")
    PORTAL_BLOCKED = "portal-blocked", _("KSeF zablokował adres portalu")
    RATE_LIMITED = "rate-limited", _("Limit wywołań KSeF")
    PORTAL_PACED = "portal-paced", _("Portal wstrzymał sprawdzenie")
    KSEF_UNAVAILABLE = "ksef-unavailable", _("KSeF niedostępny")
    UNEXPECTED = "unexpected", _("Nieoczekiwana odpowiedź")
    PORTAL_FAULT = "portal-fault", _("Błąd po stronie portalu")
    # The check without a token (a signed AuthTokenRequest).
    SIGNED_SESSION_OK = "signed-session-ok", _("Podpis działa, sesja otwarta")
    SIGNATURE_NO_RIGHTS = "signature-no-rights", _("Podpis bez prawa do działania za ten NIP")
    CERTIFICATE_REFUSED = "certificate-refused", _("Certyfikat podpisu odrzucony")
    DECEASED_PERSON = "deceased-person", _("Metody uwierzytelnienia osoby zmarłej")
    SIGNED_REQUEST_REFUSED = "signed-request-refused", _("Podpisany wniosek odrzucony")
    SIGNED_LOGIN_UNFINISHED = "signed-login-unfinished", _("Logowanie podpisem niedokończone")


# Ends that an outage of KSeF may explain: when Latarnia reports a failure or maintenance in the
# check's environment as the verdict is decided, the verdict quotes the announcement.
OUTAGE_LIKE = frozenset({Cause.KSEF_UNAVAILABLE, Cause.UNEXPECTED, Cause.SIGNED_LOGIN_UNFINISHED})


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
REFRESH = Source(
    "ksef-api, uwierzytelnianie.md, 5. Odświeżenie tokena dostępowego",
    DOCS + "uwierzytelnianie.md#5-od%C5%9Bwie%C5%BCenie-tokena-dost%C4%99powego-accesstoken",
)
PERMISSIONS = Source("ksef-api, uprawnienia.md", DOCS + "uprawnienia.md")
TOKENS = Source("ksef-api, tokeny-ksef.md", DOCS + "tokeny-ksef.md")
LIMITS = Source("ksef-api, limity/limity-api.md (14.09.2026)", DOCS + "limity/limity-api.md")
SESSIONS = Source("ksef-api, sesja-interaktywna.md", DOCS + "sesja-interaktywna.md")
ENVIRONMENTS = Source("ksef-api, srodowiska.md", DOCS + "srodowiska.md")
XADES = Source("ksef-api, auth/podpis-xades.md", DOCS + "auth/podpis-xades.md")
OPENAPI_XADES = Source("ksef-api, open-api.json: POST /auth/xades-signature, 400", OPENAPI)


def report(number: int) -> Source:
    return Source(f"CIRFMF/ksef-api #{number}", f"{REPORTS}{number}")


@dataclass(frozen=True)
class Verdict:
    title: str | Promise
    explanation: str | Promise
    next_steps: tuple[str | Promise, ...]
    tone: str  # "ok", "warn" or "bad": the notice style of site.css
    sources: tuple[Source, ...]


VERDICTS: dict[Cause, Verdict] = {
    Cause.SESSION_OK: Verdict(
        title=_("Wszystko działa: KSeF otworzył sesję i ją zamknęliśmy"),
        explanation=_(
            "Token, NIP i środowisko są w porządku: uwierzytelnienie się udało, a KSeF otworzył "
            "sesję interaktywną. Jeśli Twój program nadal dostaje 403, najpewniej używa starego "
            "tokenu dostępu sprzed nadania uprawnień albo innych danych niż te wpisane tutaj."
        ),
        next_steps=(
            _(
                "Uruchom w programie nowe uwierzytelnienie albo odśwież token dostępu "
                "(POST /auth/token/refresh); nie ponawiaj starego żądania."
            ),
            _("Porównaj NIP, środowisko i token w programie z tymi sprawdzonymi tutaj."),
        ),
        tone="ok",
        sources=(SESSIONS, REFRESH),
    ),
    Cause.SESSION_NOT_CLOSED: Verdict(
        title=_("KSeF otworzył sesję, ale odmówił jej zamknięcia"),
        explanation=_(
            "Token, NIP i środowisko są w porządku: uwierzytelnienie się udało, a KSeF otworzył "
            "sesję interaktywną. Zamknięcia tej sesji KSeF jednak odmówił: {close_failure}. "
            "{close_hint}Otwartej sesji nie trzeba ratować: KSeF kończy ją sam po 12 godzinach."
        ),
        next_steps=(
            _("Twój token działa: program może nim otwierać sesje."),
            _(
                "Jeśli Twój program dostaje 21180 przy wysyłce faktur, przeczytaj artykuł o tym "
                "kodzie: sprawdź status sesji (GET /sessions/{{referenceNumber}}) i otwórz nową."
            ),
        ),
        tone="warn",
        # 21180 on a session KSeF marked 415: a key it could not decrypt (issues 225, 689),
        # now and then with a good one (issues 454, 675), past the 12 hours (issue 641).
        sources=(SESSIONS, report(225), report(689), report(454), report(675), report(641)),
    ),
    Cause.PROPAGATION: Verdict(
        title=_("Uprawnienia dopiero się propagowały; teraz sesja działa"),
        explanation=_(
            "Na początku KSeF odmawiał otwarcia sesji, bo nowe uprawnienia nie były jeszcze "
            "widoczne. Po {minutes} min nowe uwierzytelnienie dostało je i sesja została otwarta."
        ),
        next_steps=(
            _(
                "W programie uwierzytelnij się od nowa albo odśwież token dostępu "
                "(POST /auth/token/refresh): odświeżony token niesie bieżące uprawnienia, a stary "
                "zna tylko te z chwili uwierzytelnienia."
            ),
            _("Następnym razem po nadaniu uprawnień odczekaj kilka minut przed wysyłką."),
        ),
        tone="ok",
        sources=(REFRESH, PERMISSIONS),
    ),
    Cause.STILL_MISSING: Verdict(
        title=_("Uprawnienie do wystawiania faktur wciąż niewidoczne"),
        explanation=_(
            "Przez {minutes} min każde nowe uwierzytelnienie kończyło się odmową otwarcia sesji. "
            "Nadanie uprawnień nie stało się w tym czasie widoczne: nie dotarło, nie zostało "
            "przyjęte albo trwa dłużej niż to sprawdzenie (Ministerstwo nie podaje, ile może "
            "trwać)."
        ),
        next_steps=(
            _("Sprawdź w Aplikacji Podatnika, czy nadanie uprawnień zakończyło się sukcesem."),
            _("Upewnij się, że uprawnienie nadano osobie lub podmiotowi, do którego należy token."),
            _(
                "Gdy nadanie się zakończy, uwierzytelnij się w programie od nowa albo odśwież "
                "token dostępu (POST /auth/token/refresh), a potem spróbuj ponownie."
            ),
        ),
        tone="warn",
        sources=(REFRESH, PERMISSIONS),
    ),
    Cause.NO_RIGHTS_FOR_NIP: Verdict(
        title=_("Ten token nie ma uprawnień w kontekście tego NIP"),
        explanation=_(
            "KSeF przyjął token, ale odmówił uwierzytelnienia w kontekście NIP {nip}: "
            "właściciel tokenu nie ma tu żadnych uprawnień albo token wydano dla innego kontekstu."
        ),
        next_steps=(
            _("Sprawdź, czy NIP w programie to NIP podmiotu, dla którego wydano token."),
            _("Poproś właściciela firmy o nadanie uprawnień albo o token w tym kontekście."),
        ),
        tone="bad",
        sources=(AUTHENTICATION, OPENAPI_AUTH_STATUS),
    ),
    Cause.OTHER_ENTITY: Verdict(
        title=_("Uprawnienia nadano innemu podmiotowi"),
        explanation=_(
            "Uwierzytelnienie się udało, ale w kontekście NIP {nip} lista Twoich uprawnień nie "
            "zawiera wystawiania faktur, także po {minutes} min. Uprawnienie trafiło najpewniej "
            "do innej osoby lub innego podmiotu (np. biura rachunkowego zamiast pracownika)."
        ),
        next_steps=(
            _("Sprawdź w Aplikacji Podatnika, komu nadano uprawnienie InvoiceWrite."),
            _("Nadaj uprawnienie właściwej osobie lub podmiotowi i wygeneruj nowy token."),
        ),
        tone="bad",
        sources=(PERMISSIONS,),
    ),
    Cause.SCOPE: Verdict(
        title=_("Token nie obejmuje wystawiania faktur"),
        explanation=_(
            "Uprawnienia tokenu ustala się przy jego tworzeniu i nie da się ich później "
            "rozszerzyć. Ten token ma: {token_permissions}. Do otwarcia sesji potrzebne jest "
            "InvoiceWrite (albo PefInvoiceWrite lub EnforcementOperations)."
        ),
        next_steps=(
            _("Wygeneruj nowy token z uprawnieniem InvoiceWrite i wpisz go w programie."),
            _(
                "Token dostaje tylko uprawnienia, które ma osoba go generująca. Jeśli ona sama "
                "nie ma InvoiceWrite (jak administrator z samym CredentialsManage), KSeF odmówi "
                "kodem 26001 „Nie można nadać tokenowi uprawnień których nie posiadasz”. Wtedy "
                "najpierw nadaj jej InvoiceWrite w Aplikacji Podatnika (może to zrobić właściciel "
                "albo osoba z CredentialsManage, także sama sobie), poczekaj, aż nadanie się "
                "zakończy, i dopiero wygeneruj token."
            ),
            _("Stary token możesz unieważnić, jeśli nie jest już potrzebny."),
        ),
        tone="bad",
        # 26001: OpenAPI, POST /tokens. Administrators without InvoiceWrite meeting it: issue
        # 373; one granting themselves invoice permissions first: issue 687.
        sources=(TOKENS, OPENAPI_TOKENS, report(373), report(687)),
    ),
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
        sources=(
            Source(
                "ksef-api, uwierzytelnianie.md, 2.2 (AuthorizationPolicy)",
                TOKEN_AUTHENTICATION.url,
            ),
        ),
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
        sources=(OPENAPI_AUTH_STATUS, Source("ksef-api, auth/sesje.md", DOCS + "auth/sesje.md")),
    ),
    Cause.NO_PERMISSIONS_AT_ALL: Verdict(
        title=_("Zalogowano, ale KSeF nie widzi żadnych uprawnień"),
        explanation=_(
            "Uwierzytelnienie w kontekście NIP {nip} się udało, a mimo to KSeF odmówił otwarcia "
            "sesji z pustą listą posiadanych uprawnień (presentPermissions). Według dokumentacji "
            "bez choćby jednego uprawnienia uwierzytelnienie powinno się skończyć statusem 415, "
            "więc to nie propagacja, na którą warto czekać. Opisano to publicznie dla tokenu "
            "właściciela jednoosobowej firmy, wygenerowanego po zalogowaniu do Aplikacji "
            "Podatnika przez login.gov.pl (mObywatel, PESEL); pomogło uwierzytelnienie "
            "certyfikatem."
        ),
        next_steps=(
            _(
                "Uwierzytelnij program certyfikatem KSeF albo podpisem zamiast tym tokenem i "
                "sprawdź, czy sesja się otwiera."
            ),
            _(
                "Jeśli token był tworzony po logowaniu przez mObywatel, sprawdź na liście "
                "tokenów jego twórcę i uprawnienia; zgłoś sprawę Ministerstwu przez formularz, "
                "podając identyfikator śledzenia."
            ),
        ),
        tone="bad",
        # One public report only: CIRFMF/ksef-api issue 833.
        sources=(AUTHENTICATION, report(833)),
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
        sources=(Source("CIRFMF/ksef-latarnia", "https://github.com/CIRFMF/ksef-latarnia"),),
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


# The check without a token: what KSeF said about a signed AuthTokenRequest.
VERDICTS |= {
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

# How a signed login can stop half way (diagnosis.Unfinished).
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


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "—"


TOKEN_STATE_HINTS: dict[str, str | Promise] = {
    "revoked": _("Token KSeF został unieważniony (Revoked) i nie zadziała już nigdzie."),
    "unknown": _(
        "Żadne ze środowisk KSeF nie zna tego tokenu: mógł zostać usunięty, skopiowany z "
        "błędem albo pochodzić z KSeF 1.0. Skopiuj go jeszcze raz w całości albo wygeneruj nowy."
    ),
}


# What each 403 outside the documented schema has been seen to mean (diagnosis.UnexpectedVariant).
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

# What KSeF's 21180 on closing says about the session (issues 689, 454, 641).
SESSION_415_HINT = _(
    "Status sesji 415 to „Błąd odszyfrowania dostarczonego klucza”: KSeF przyjął sesję, ale "
    "nie odszyfrował jej klucza. Zgłaszano to publicznie przy źle zaszyfrowanym kluczu i "
    "sporadycznie na DEMO przy poprawnym; klucz tej sesji zaszyfrował portal. "
)


def local_time(value: str) -> str:
    """An ISO timestamp from the facts as the reader's local time of day."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return date_format(timezone.localtime(moment), "H:i")


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


def title(cause: Cause, facts: dict[str, Any]) -> str:
    return str(VERDICTS[cause].title).format_map(_values(facts))


def next_steps(cause: Cause, facts: dict[str, Any]) -> list[str]:
    values = _values(facts)
    return [str(step).format_map(values) for step in VERDICTS[cause].next_steps]


def _values(facts: dict[str, Any]) -> _Blank:
    from portal.lib.environments import environment_label

    values = _Blank({key: value for key, value in facts.items() if value not in (None, "", [])})
    if "retry_at" in values:
        values["retry_at"] = local_time(values["retry_at"])
    for key in ("environment", "confirmed_in"):
        if key in values:
            values[key] = environment_label(values[key])
    return values


def explain(cause: Cause, facts: dict[str, Any]) -> str:
    """The cause's explanation with this check's facts filled in; a missing fact shows as —."""
    values = _values(facts)
    for key in ("token_permissions", "permissions", "present_permissions"):
        if isinstance(values.get(key), list):
            values[key] = ", ".join(str(item) for item in values[key])
    if cause == Cause.TOKEN_STATUS:
        hint = TOKEN_STATE_HINTS.get(str(facts.get("token_state")), "")
        values["status_hint"] = str(hint).format_map(values)
    if cause == Cause.UNEXPECTED:
        values["variant_hint"] = str(UNEXPECTED_HINTS.get(str(facts.get("variant")), ""))
        missing = MISSING_WRITE_HINT if facts.get("lacks_write") else ""
        values["permissions_hint"] = str(missing).format_map(values)
    if cause == Cause.SESSION_NOT_CLOSED:
        values["close_hint"] = str(SESSION_415_HINT) if facts.get("session_status") == 415 else ""
    if cause == Cause.RATE_LIMITED:
        values["limit_reason"] = limit_reason(facts).format_map(values)
    if cause == Cause.CERTIFICATE_REFUSED:
        detail = str(facts.get("ksef_detail") or "")
        values["certificate_hint"] = next(
            (str(hint) for key, hint in CERTIFICATE_HINTS.items() if key in detail), ""
        )
    if cause == Cause.SIGNED_LOGIN_UNFINISHED:
        hint = UNFINISHED_HINTS.get(str(facts.get("unfinished")), "")
        values["unfinished_hint"] = str(hint).format_map(values)
    if cause == Cause.SIGNED_REQUEST_REFUSED:
        code = facts.get("exception_code")
        hint = SIGNED_REFUSAL_HINTS.get(code, "") if isinstance(code, int) else ""
        values["refusal_hint"] = str(hint)
    return str(VERDICTS[cause].explanation).format_map(values)
