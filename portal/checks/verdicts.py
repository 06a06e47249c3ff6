"""What a finished check can conclude: one cause from the 403 article, as data.

Each cause carries its title, a plain-language explanation, what to do next and its notice tone.
Templates only render this table; the diagnosis only picks a key. The article section a cause
links to is an error-link rule (kb/errorlinks/starter.py), where writers can change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
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
    IP_NOT_ALLOWED = "ip-not-allowed", _("Adres IP niedozwolony")
    SECURITY_BLOCK = "security-block", _("Blokada usługi bezpieczeństwa KSeF")
    KSEF_UNAVAILABLE = "ksef-unavailable", _("KSeF niedostępny")
    UNEXPECTED = "unexpected", _("Nieoczekiwana odpowiedź")


@dataclass(frozen=True)
class Verdict:
    title: str | Promise
    explanation: str | Promise
    next_steps: tuple[str | Promise, ...]
    tone: str  # "ok", "warn" or "bad": the notice style of site.css


VERDICTS: dict[Cause, Verdict] = {
    Cause.SESSION_OK: Verdict(
        title=_("Wszystko działa: KSeF otworzył sesję i ją zamknęliśmy"),
        explanation=_(
            "Token, NIP i środowisko są w porządku: uwierzytelnienie się udało, a KSeF otworzył "
            "sesję interaktywną. Jeśli Twój program nadal dostaje 403, najpewniej używa starego "
            "tokenu dostępu sprzed nadania uprawnień albo innych danych niż te wpisane tutaj."
        ),
        next_steps=(
            _("Uruchom w programie nowe uwierzytelnienie (nie ponawiaj starego żądania)."),
            _("Porównaj NIP, środowisko i token w programie z tymi sprawdzonymi tutaj."),
        ),
        tone="ok",
    ),
    Cause.PROPAGATION: Verdict(
        title=_("Uprawnienia dopiero się propagowały; teraz sesja działa"),
        explanation=_(
            "Na początku KSeF odmawiał otwarcia sesji, bo nowe uprawnienia nie były jeszcze "
            "widoczne. Po {minutes} min nowe uwierzytelnienie dostało je i sesja została otwarta."
        ),
        next_steps=(
            _(
                "W programie uwierzytelnij się od nowa: stary token dostępu nie zna "
                "nowych uprawnień."
            ),
            _("Następnym razem po nadaniu uprawnień odczekaj kilka minut przed wysyłką."),
        ),
        tone="ok",
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
            _("Spróbuj ponownie za kilkanaście minut."),
        ),
        tone="warn",
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
    ),
    Cause.TOKEN_STATUS: Verdict(
        title=_("Token nie jest aktywny"),
        explanation=_("KSeF odpowiedział: {ksef_detail}. {status_hint}"),
        next_steps=(
            _("Sprawdź status tokenu w Aplikacji Podatnika (Pending, Active, Revoked)."),
            _("Jeśli token unieważniono lub go nie ma, wygeneruj nowy."),
        ),
        tone="bad",
    ),
    Cause.IP_NOT_ALLOWED: Verdict(
        title=_("KSeF nie przyjmuje połączeń z tego adresu IP"),
        explanation=_(
            "Dla tego kontekstu ustawiono listę dozwolonych adresów IP, a połączenie przyszło z "
            "adresu {client_ip}."
        ),
        next_steps=(
            _("Dopisz adres IP swojego programu do listy dozwolonych albo zdejmij ograniczenie."),
        ),
        tone="bad",
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
    ),
    Cause.KSEF_UNAVAILABLE: Verdict(
        title=_("KSeF jest teraz niedostępny"),
        explanation=_(
            "KSeF nie odpowiedział poprawnie ({failure}). To nie jest problem z Twoimi "
            "uprawnieniami; nie da się ich teraz sprawdzić."
        ),
        next_steps=(_("Sprawdź komunikaty o dostępności KSeF i spróbuj ponownie później."),),
        tone="warn",
    ),
    Cause.UNEXPECTED: Verdict(
        title=_("KSeF odpowiedział nieoczekiwanie"),
        explanation=_(
            "Odpowiedź nie pasuje do żadnej znanej przyczyny: {failure}. Identyfikator śledzenia "
            "(traceId): {trace_id}."
        ),
        next_steps=(_("Zgłoś sprawę wsparciu KSeF, podając identyfikator śledzenia i godzinę."),),
        tone="bad",
    ),
}


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "—"


TOKEN_STATE_HINTS: dict[str, str | Promise] = {
    "pending": _(
        "Token wciąż jest aktywowany (status Pending) i nie można się nim jeszcze uwierzytelnić; "
        "czekaliśmy {minutes} min."
    ),
    "activated": _(
        "Token był jeszcze aktywowany (Pending); po {minutes} min uwierzytelnienie się udało i "
        "sesja została otwarta, więc teraz token działa."
    ),
    "revoked": _("Token został unieważniony (Revoked) i nie zadziała już nigdzie."),
    "unknown": _(
        "Żadne ze środowisk KSeF nie zna tego tokenu: sprawdź, czy skopiowano go w całości, "
        "albo wygeneruj nowy."
    ),
}


def explain(cause: Cause, facts: dict[str, Any]) -> str:
    """The cause's explanation with this check's facts filled in; a missing fact shows as —."""
    from portal.checks.config import environment_label

    values = _Blank({key: value for key, value in facts.items() if value not in (None, "", [])})
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
    return str(VERDICTS[cause].explanation).format_map(values)
