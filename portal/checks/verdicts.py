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
    PROPAGATION = "propagation", _("Uprawnienia się propagowały")
    STILL_MISSING = "still-missing", _("Uprawnienia wciąż niewidoczne")
    NO_RIGHTS_FOR_NIP = "no-rights-for-nip", _("Brak uprawnień dla tego NIP")
    OTHER_ENTITY = "other-entity", _("Uprawnienia nadane innemu podmiotowi")
    SCOPE = "scope", _("Token bez uprawnienia do wystawiania faktur")
    WRONG_ENVIRONMENT = "wrong-environment", _("Niewłaściwe środowisko")
    TOKEN_STATUS = "token-status", _("Token nieaktywny, unieważniony lub nieznany")
    TOKEN_FAILED = "token-failed", _("Token się nie aktywował")
    AUTH_REVOKED = "auth-revoked", _("Uwierzytelnienie unieważnione")
    NO_PERMISSIONS_AT_ALL = (
        "no-permissions-at-all",
        _("Brak jakichkolwiek uprawnień po zalogowaniu"),
    )
    IP_NOT_ALLOWED = "ip-not-allowed", _("Adres IP niedozwolony")
    SECURITY_BLOCK = "security-block", _("Blokada usługi bezpieczeństwa KSeF")
    RATE_LIMITED = "rate-limited", _("Limit wywołań KSeF")
    KSEF_UNAVAILABLE = "ksef-unavailable", _("KSeF niedostępny")
    UNEXPECTED = "unexpected", _("Nieoczekiwana odpowiedź")
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


DOCS = "https://github.com/CIRFMF/ksef-docs/blob/main/"
REPORTS = "https://github.com/CIRFMF/ksef-api/issues/"
OPENAPI_AUTH_STATUS = Source(
    "ksef-docs, open-api.json: GET /auth/{referenceNumber}, status", DOCS + "open-api.json"
)
AUTHENTICATION = Source("ksef-docs, uwierzytelnianie.md", DOCS + "uwierzytelnianie.md")
REFRESH = Source(
    "ksef-docs, uwierzytelnianie.md, 5. Odświeżenie tokena dostępowego",
    DOCS + "uwierzytelnianie.md#5-od%C5%9Bwie%C5%BCenie-tokena-dost%C4%99powego-accesstoken",
)
PERMISSIONS = Source("ksef-docs, uprawnienia.md", DOCS + "uprawnienia.md")
TOKENS = Source("ksef-docs, tokeny-ksef.md", DOCS + "tokeny-ksef.md")
LIMITS = Source("ksef-docs, limity/limity-api.md", DOCS + "limity/limity-api.md")
XADES = Source("ksef-docs, auth/podpis-xades.md", DOCS + "auth/podpis-xades.md")
OPENAPI_XADES = Source(
    "ksef-docs, open-api.json: POST /auth/xades-signature, 400", DOCS + "open-api.json"
)


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
        sources=(Source("ksef-docs, sesja-interaktywna.md", DOCS + "sesja-interaktywna.md"),),
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
            "Nadanie uprawnień, które zwykle widać po kilku minutach, tu nie dotarło albo nie "
            "zostało przyjęte."
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
            _("Stary token możesz unieważnić, jeśli nie jest już potrzebny."),
        ),
        tone="bad",
        sources=(TOKENS,),
    ),
    Cause.WRONG_ENVIRONMENT: Verdict(
        title=_("Token pochodzi z innego środowiska"),
        explanation=_(
            "Środowisko {environment} nie zna tego tokenu. Środowiska KSeF są całkowicie "
            "rozdzielone: token z testowego nie działa na produkcji i odwrotnie. {confirmation}"
        ),
        next_steps=(
            _("Ustaw w programie adres środowiska, w którym wygenerowano token."),
            _("Albo wygeneruj token w środowisku, którego program używa."),
        ),
        tone="bad",
        sources=(Source("ksef-docs, srodowiska.md", DOCS + "srodowiska.md"),),
    ),
    Cause.TOKEN_STATUS: Verdict(
        title=_("Token nie jest aktywny"),
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
                "ksef-docs, uwierzytelnianie.md, 2.2 (AuthorizationPolicy)",
                DOCS + "uwierzytelnianie.md#22-uwierzytelnianie-tokenem-ksef",
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
        sources=(LIMITS, report(761)),
    ),
    Cause.TOKEN_FAILED: Verdict(
        title=_("Token się nie aktywował"),
        explanation=_(
            "Przez {minutes} min każde uwierzytelnienie kończyło się tą samą odpowiedzią KSeF: "
            "{ksef_detail}. Nowy token aktywuje się zwykle w kilka minut, więc ten najpewniej "
            "nie został aktywowany (status Failed), a nie wciąż się aktywuje. Portal nie może "
            "odczytać statusu tokenu, którym nie da się uwierzytelnić."
        ),
        next_steps=(
            _(
                "Otwórz listę tokenów w Aplikacji Podatnika: status Failed ma przy sobie "
                "szczegóły (statusDetails) z przyczyną."
            ),
            _("Token w statusie Failed nie zadziała: wygeneruj nowy."),
        ),
        tone="bad",
        # The status and its meaning: OpenAPI AuthenticationTokenStatus. Its statusDetails are
        # known from one public report only (CIRFMF/ksef-api issue 520).
        sources=(
            TOKENS,
            Source("ksef-docs, open-api.json: TokenStatusResponse", DOCS + "open-api.json"),
        ),
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
        sources=(OPENAPI_AUTH_STATUS, Source("ksef-docs, auth/sesje.md", DOCS + "auth/sesje.md")),
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
            "Identyfikator śledzenia (traceId): {trace_id}; nagłówek Server: {server}."
        ),
        next_steps=(
            _(
                "Zgłoś sprawę wsparciu KSeF, podając identyfikator śledzenia, nagłówek Server "
                "i godzinę."
            ),
        ),
        tone="bad",
        sources=(report(482), report(628), report(747)),
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
        sources=(
            Source("ksef-docs, sesja-interaktywna.md", DOCS + "sesja-interaktywna.md"),
            TOKENS,
        ),
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
    "activated": _(
        "Token był jeszcze aktywowany (Pending); po {minutes} min uwierzytelnienie się udało i "
        "sesja została otwarta, więc teraz token działa."
    ),
    "revoked": _("Token KSeF został unieważniony (Revoked) i nie zadziała już nigdzie."),
    "unknown": _(
        "Żadne ze środowisk KSeF nie zna tego tokenu: sprawdź, czy skopiowano go w całości, "
        "albo wygeneruj nowy."
    ),
}


# What each 403 outside the documented schema has been seen to mean (diagnosis.UnexpectedVariant).
UNEXPECTED_HINTS: dict[str, str | Promise] = {
    "empty-403": _(
        "Pusty 403 widziano publicznie w dwóch sytuacjach: od bramy przed KSeF przy otwieraniu "
        "sesji (Server: API-Gateway) i przy nieważnym tokenie dostępu na DEMO, gdzie "
        "dokumentacja przewiduje 401 (Server: Kestrel). "
    ),
    "no-reason-403": _(
        "403 bez reasonCode z opisem „Dostęp zabroniony.” zgłoszono publicznie jako odpowiedź "
        "niezgodną z dokumentacją; jej przyczynę zna tylko wsparcie KSeF. "
    ),
}


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
            "Przed {retry_at} portal nie może wywołać KSeF w tym kontekście: limity KSeF dla "
            "adresu portalu są wyczerpane albo KSeF poprosił (429) o przerwę we wszystkich "
            "sprawdzeniach w tym środowisku."
        )
    )


def title(cause: Cause, facts: dict[str, Any]) -> str:
    return str(VERDICTS[cause].title).format_map(_values(facts))


def next_steps(cause: Cause, facts: dict[str, Any]) -> list[str]:
    values = _values(facts)
    return [str(step).format_map(values) for step in VERDICTS[cause].next_steps]


def _values(facts: dict[str, Any]) -> _Blank:
    values = _Blank({key: value for key, value in facts.items() if value not in (None, "", [])})
    if "retry_at" in values:
        values["retry_at"] = local_time(values["retry_at"])
    return values


def explain(cause: Cause, facts: dict[str, Any]) -> str:
    """The cause's explanation with this check's facts filled in; a missing fact shows as —."""
    from portal.lib.environments import environment_label

    values = _values(facts)
    for key in ("token_permissions", "permissions", "present_permissions"):
        if isinstance(values.get(key), list):
            values[key] = ", ".join(str(item) for item in values[key])
    if "environment" in values:
        values["environment"] = environment_label(values["environment"])
    if cause == Cause.WRONG_ENVIRONMENT:
        if facts.get("confirmed_in"):
            values["confirmation"] = _("Ten sam token działa w środowisku: %(env)s.") % {
                "env": environment_label(facts["confirmed_in"])
            }
        else:
            values["confirmation"] = _(
                "Możliwe też, że token skopiowano z błędem albo go usunięto; zaznacz zgodę na "
                "sprawdzenie pozostałych środowisk, a potwierdzimy, gdzie działa."
            )
    if cause == Cause.TOKEN_STATUS:
        hint = TOKEN_STATE_HINTS.get(str(facts.get("token_state")), "")
        values["status_hint"] = str(hint).format_map(values)
    if cause == Cause.UNEXPECTED:
        values["variant_hint"] = str(UNEXPECTED_HINTS.get(str(facts.get("variant")), ""))
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
