"""A small fixed knowledge base for search tests."""

from __future__ import annotations

import pytest
from django.utils import translation

from kb.models import Article
from tests.factories import make_article

BODY_403_PL = """\
Gdy program do fakturowania otwiera sesję interaktywną, wysyła `POST /sessions/online`. KSeF może
odpowiedzieć kodem 403, choć wszystko wygląda na skonfigurowane poprawnie.

## Uprawnienia jeszcze się propagują {#propagation}

Nadanie uprawnień w KSeF jest asynchroniczne. Przez kilka lub kilkanaście minut po nadaniu
odpowiedź ma `reasonCode` równy missing-permissions. Potrzebne jest nowe uwierzytelnienie, a nie
ponowienie tego samego żądania.

## Zakres tokena nie obejmuje wysyłania faktur {#scope}

Token z samym InvoiceRead nie otworzy sesji. Trzeba wygenerować nowy token z InvoiceWrite.

## Blokada bezpieczeństwa {#security-block}

Odpowiedź z incidentId oznacza blokadę po stronie Ministerstwa Finansów.
"""

BODY_403_EN = """\
When invoicing software opens an interactive session it sends `POST /sessions/online`. KSeF may
answer 403 although everything looks configured.

## Permissions are still propagating {#propagation}

Granting permissions in KSeF is asynchronous. For a few minutes after the grant the answer carries
`reasonCode` missing-permissions. A fresh authentication is needed, not a retry.

## The token's scope lacks sending invoices {#scope}

A token with InvoiceRead only cannot open a session. Generate a new token with InvoiceWrite.
"""

BODY_PERMISSIONS_PL = """\
Uprawnienia w KSeF nadaje właściciel firmy albo osoba, która ma prawo zarządzać uprawnieniami.

## Jak nadać uprawnienie do wystawiania faktur {#invoice-write}

W aplikacji podatnika wybierz osobę i zaznacz wystawianie faktur (InvoiceWrite). Nadanie trwa
chwilę: zgłoszenie jest przetwarzane w tle.
"""

BODY_PERMISSIONS_EN = """\
Permissions in KSeF are granted by the owner of the business or by someone allowed to manage them.

## How to grant the right to issue invoices {#invoice-write}

In the taxpayer's application choose the person and tick issuing invoices (InvoiceWrite). The grant
takes a moment: the request is processed in the background.
"""

BODY_ENVIRONMENTS_PL = """\
KSeF ma trzy oddzielne środowiska: testowe (https://api-test.ksef.mf.gov.pl/v2), demo i
produkcyjne (https://api.ksef.mf.gov.pl/v2). Token ze środowiska testowego nie działa na
produkcji.
"""

BODY_TOKENS_PL = """\
Token KSeF ma status: Pending, Active, Revoking, Revoked albo Failed. Token w statusie Pending nie
uwierzytelni się jeszcze: `POST /auth/ksef-token` kończy się statusem 450.

## Zakresy tokena {#scopes}

Zakresy tokena ustala się przy jego tworzeniu; zmiana zakresu wymaga nowego tokena.
"""

BODY_429_PL = """\
KSeF liczy zapytania osobno dla każdego kontekstu i adresu IP. `POST /sessions/online` przyjmuje
10 zapytań na sekundę, 30 na minutę i 120 na godzinę. Po przekroczeniu odpowiedź 429 zawiera
nagłówek Retry-After. Powtarzane przekroczenia kończą się blokadą bezpieczeństwa.
"""

BODY_429_EN = """\
KSeF counts requests per context and IP address. `POST /sessions/online` accepts 10 requests a
second, 30 a minute and 120 an hour. Past the limit the 429 answer carries a Retry-After header.
"""

BODY_AUTH_STATUS_PL = """\
Po `POST /auth/ksef-token` program sprawdza status uwierzytelnienia.

## Status 415 {#status-415}

Brak jakichkolwiek uprawnień w tym kontekście (NIP).

## Status 450 {#status-450}

Nieprawidłowy token: nieaktywny, unieważniony albo nie może być użyty w tym kontekście.
"""

BODY_21470_PL = """\
KSeF zwraca wyjątek 21470, gdy publicKeyId w żądaniu jest nieznany albo wycofany. Pobierz
certyfikaty ponownie (`GET /security/public-key-certificates`) i powtórz żądanie.
"""


@pytest.fixture(autouse=True)
def _polish_by_default():  # type: ignore[no-untyped-def]
    # A request to an /en/ page leaves English active in the thread; reverse() in the next test
    # would then build /en/ URLs.
    translation.activate("pl")
    yield
    translation.deactivate()


@pytest.fixture
def corpus(db: None) -> dict[str, Article]:
    return build_corpus()


def build_corpus() -> dict[str, Article]:
    articles: dict[str, Article] = {}

    def add(slug: str, *args: str, **kwargs: object) -> None:
        articles[slug] = make_article(slug, *args, **kwargs)  # type: ignore[arg-type]

    add(
        "blad-403-sessions-online",
        "Błąd 403 przy otwieraniu sesji interaktywnej (sessions/online)",
        "Dlaczego KSeF odmawia otwarcia sesji tuż po nadaniu uprawnień i co zrobić krok po kroku.",
        BODY_403_PL,
    )
    add(
        "nadawanie-uprawnien",
        "Nadawanie uprawnień w KSeF",
        "Jak nadać innej osobie prawo do wystawiania faktur.",
        BODY_PERMISSIONS_PL,
    )
    add(
        "srodowiska-ksef",
        "Środowiska KSeF: testowe, demo i produkcyjne",
        "Czym różnią się środowiska i dlaczego token z jednego nie działa w drugim.",
        BODY_ENVIRONMENTS_PL,
    )
    add(
        "tokeny-ksef",
        "Tokeny KSeF: statusy i zakresy",
        "Co oznacza status tokena i jak zmienić jego zakres.",
        BODY_TOKENS_PL,
    )
    add(
        "blad-429-limity",
        "Błąd 429: limity zapytań",
        "Ile zapytań przyjmuje KSeF i co zrobić po przekroczeniu limitu.",
        BODY_429_PL,
    )
    add(
        "status-uwierzytelnienia-415-450",
        "Status uwierzytelnienia 415 i 450",
        "Co znaczą statusy 415 i 450 po uwierzytelnieniu tokenem.",
        BODY_AUTH_STATUS_PL,
    )
    add(
        "wyjatek-21470-publickeyid",
        "Wyjątek 21470: nieznany klucz publiczny",
        "KSeF nie zna klucza, którym zaszyfrowano token albo klucz sesji.",
        BODY_21470_PL,
    )
    add(
        "error-403-sessions-online",
        "Error 403 when opening an online session (sessions/online)",
        "Why KSeF refuses to open an interactive session right after permissions were granted.",
        BODY_403_EN,
        language="en",
        translation_of=articles["blad-403-sessions-online"],
    )
    add(
        "granting-permissions",
        "Granting permissions in KSeF",
        "How to give another person the right to issue invoices.",
        BODY_PERMISSIONS_EN,
        language="en",
        translation_of=articles["nadawanie-uprawnien"],
    )
    add(
        "error-429-rate-limits",
        "Error 429: rate limits",
        "How many requests KSeF accepts and what to do after exceeding a limit.",
        BODY_429_EN,
        language="en",
        translation_of=articles["blad-429-limity"],
    )
    add(
        "szkic-artykulu",
        "Szkic: kwarantanna faktur",
        "Nieopublikowany szkic o kwarantannie.",
        "Kwarantanna faktur to temat, o którym nikt jeszcze nie pisze.",
        publish=False,
    )
    return articles
