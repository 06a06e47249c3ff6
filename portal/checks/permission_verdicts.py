"""Verdicts on the caller's permissions in the NIP's context: whether they let KSeF open a
session, are still on their way, or are missing or given to someone else."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.checks.causes import Cause, Verdict
from portal.checks.sources import (
    AUTHENTICATION,
    OPENAPI_AUTH_STATUS,
    OPENAPI_TOKENS,
    PERMISSIONS,
    REFRESH,
    SESSIONS,
    TOKENS,
    report,
)

PERMISSION_VERDICTS: dict[Cause, Verdict] = {
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
}

# What KSeF's 21180 on closing says about the session (issues 689, 454, 641).
SESSION_415_HINT = _(
    "Status sesji 415 to „Błąd odszyfrowania dostarczonego klucza”: KSeF przyjął sesję, ale "
    "nie odszyfrował jej klucza. Zgłaszano to publicznie przy źle zaszyfrowanym kluczu i "
    "sporadycznie na DEMO przy poprawnym; klucz tej sesji zaszyfrował portal. "
)
