from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from kb.models import Article

NOW = datetime(2026, 11, 25, 13, 2, tzinfo=UTC)  # 14:02 in Warsaw

BODY_403_PL = """Wstęp o błędzie 403 przy otwieraniu sesji.

## Szybkie rozpoznanie {#quick-diagnosis}

Przy missing-permissions zobacz [propagację](#propagation).

## Uprawnienia jeszcze się propagują {#propagation}

Uprawnienia nadane przed chwilą nie są jeszcze widoczne. Uwierzytelnij się od nowa po kilku
minutach. Zwykle pomaga odczekanie. Czwarte zdanie nie trafia do streszczenia.

### Jak to sprawdzić {#propagation-check}

Porównaj presentPermissions z nadanymi.

## Adres IP spoza listy {#ip-not-allowed}

Twój adres IP nie jest na liście dozwolonych.

## Blokada bezpieczeństwa {#security-block}

KSeF zablokował dostęp po incydencie.

## KSeF niedostępny {#ksef-unavailable}

Odczekaj tyle, ile mówi Retry-After.

## Coś nieoczekiwanego {#unexpected}

Zgłoś to do Ministerstwa Finansów z traceId.
"""

BODY_403_EN = BODY_403_PL.replace(
    "Uprawnienia jeszcze się propagują", "Permissions still spreading"
)


@pytest.fixture
def starter_articles(make_article: Callable[..., Article]) -> dict[str, Article]:
    """The starter content's slugs and anchors, written small."""
    a403 = make_article(
        "blad-403-sessions-online", title="Błąd 403 przy sessions/online", body=BODY_403_PL
    )
    a401 = make_article("blad-401-uwierzytelnienie", title="Błąd 401", body="O błędzie 401.")
    a429 = make_article("blad-429-limity", title="Błąd 429: limity", body="O limitach.")
    auth = make_article(
        "status-uwierzytelnienia-415-450",
        title="Statusy uwierzytelnienia 415 i 450",
        body="Wstęp.\n\n## Status 415 {#status-415}\n\nBrak uprawnień w kontekście.\n\n"
        "## Status 425 {#status-425}\n\nUnieważnione uwierzytelnienie.\n\n"
        "## Status 450 {#status-450}\n\nZły token.\n",
    )
    signed = make_article(
        "sprawdzenie-bez-tokena",
        title="Sprawdzenie bez tokena",
        body="Wstęp.\n\n## Podpis działa {#session-ok}\n\nSesja otwarta.\n\n"
        "## Status 415 {#status-415}\n\nPodpisujący bez uprawnień.\n\n"
        "## Status 460 {#status-460}\n\nCertyfikat.\n\n"
        "## Status 470 {#status-470}\n\nOsoba zmarła.\n\n"
        "## Odrzucony wniosek {#rejected}\n\nKod 9105.\n\n"
        "## Niedokończone {#unfinished}\n\nStatus 550.\n",
    )
    a21180 = make_article(
        "blad-21180-status-sesji",
        title="Błąd 21180: status sesji (415)",
        body="Wstęp.\n\n## Zamknięcia odmówiono {#close-refused}\n\nKSeF kończy sesję sam.\n",
    )
    tokens = make_article(
        "tokeny-ksef",
        title="Tokeny KSeF",
        body="Wstęp.\n\n## Tokeny z KSeF 1.0 {#ksef-1-tokens}\n\nNie działają w 2.0.\n",
    )
    en403 = make_article(
        "error-403-sessions-online",
        language="en",
        title="Error 403 from sessions/online",
        body=BODY_403_EN,
        translation_of=a403,
    )
    return {
        "403": a403,
        "401": a401,
        "429": a429,
        "auth": auth,
        "signed": signed,
        "21180": a21180,
        "tokens": tokens,
        "403en": en403,
    }


@pytest.fixture
def starter_rules(starter_articles: dict[str, Article]) -> None:
    from kb.errorlinks.starter import load_starter_rules

    load_starter_rules(NOW)
