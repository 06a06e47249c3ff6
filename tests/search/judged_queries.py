"""Queries as readers type them, each judged by hand against the starter articles (kb/starter/).

Every query names the article(s) a reader asking it should get first: the article whose title or
section answers the question, read from the articles themselves, never from what search returned.
Where two articles answer equally well (a dialog text explained in both), both are named and
either counts as a hit. The query's language is the site's language the reader is on.

Used by tests/search/test_judged_queries.py (a floor on hit@1 and hit@3) and bench/search.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

# Polish and English slugs of the starter articles (kb/starter/*.md, the ``slug:`` lines).
E401, A401 = "blad-401-uwierzytelnienie", "error-401-authentication"
E403, A403 = "blad-403-sessions-online", "error-403-sessions-online"
E429, A429 = "blad-429-limity", "error-429-rate-limits"
STATUS, A_STATUS = "status-uwierzytelnienia-415-450", "auth-status-415-450"
METHODS, A_METHODS = "metody-uwierzytelniania", "authentication-methods"
ENVS, A_ENVS = "srodowiska-ksef", "ksef-environments"
GRANTS, A_GRANTS = "nadawanie-uprawnien", "granting-permissions"
TOKENS, A_TOKENS = "tokeny-ksef", "ksef-tokens"
E21180, A21180 = "blad-21180-status-sesji", "error-21180-session-status"
# The error catalogue's articles (one section per documented code).
AUTH_CODES = "kody-bledow-uwierzytelniania"
SESSIONS = "kody-bledow-sesji"
INVOICES, A_INVOICES = "statusy-faktur-w-sesji", "invoice-statuses-in-a-session"
PERMISSIONS = "kody-bledow-uprawnien"
TOKEN_CODES, A_TOKEN_CODES = "kody-bledow-tokenow", "token-error-codes"
CERTIFICATES = "kody-bledow-certyfikatow"
REQUESTS, A_REQUESTS = "kody-bledow-zadan", "request-error-codes"
DOWNLOADS = "kody-bledow-pobierania-faktur"


class Judged(NamedTuple):
    query: str
    language: str
    # Any of these first is a hit.
    expected: tuple[str, ...]


def _pl(query: str, *expected: str) -> Judged:
    return Judged(query, "pl", expected)


def _en(query: str, *expected: str) -> Judged:
    return Judged(query, "en", expected)


JUDGED = [
    # Words copied from an error dialog or a response body.
    # The catalogue's missing-permissions section quotes this reason word for word, for any
    # endpoint; the 403 article explains it for sessions/online. Either answers.
    _pl("Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście", E403, PERMISSIONS),
    _pl("reasonCode missing-permissions", E403, PERMISSIONS),
    _pl("security-service-blocked", E403),
    _pl("ip-not-allowed", E403),
    _pl("Request blocked incidentId", E403),
    _pl("Forbidden", E403),
    _pl("Unauthorized", E401),
    _pl("Wymagane jest uwierzytelnienie.", E401),
    _pl("Too Many Requests", E429),
    _pl("Retry-After", E429),
    _pl("Token nieaktywny", STATUS, TOKENS),
    _pl("Token unieważniony", STATUS, TOKENS),
    _pl("Nieprawidłowy token", STATUS, E401),
    # A 450 detail and code 21111's description alike.
    _pl("Nieprawidłowe wyzwanie autoryzacyjne", STATUS, AUTH_CODES),
    _pl("Token nie może być użyty w kontekście", STATUS, E403),
    _pl("Brak przypisanych uprawnień", STATUS, E403),
    _pl("Uwierzytelnienie zablokowane", STATUS),
    _pl("Brak autoryzacji 21301", E401),
    _pl("Status sesji nie pozwala na wykonanie operacji.", E21180),
    _pl("Status sesji (415) uniemożliwia wysyłkę faktur.", E21180),
    # Session status 415's description: its own section, and the 21180 article explains it.
    _pl("Błąd odszyfrowania dostarczonego klucza", E21180, SESSIONS),
    _pl("Nie można nadać tokenowi uprawnień których nie posiadasz", TOKEN_CODES),
    _pl("Nieprawidłowe kodowanie tokena", TOKENS, STATUS),
    # The reader's own Polish: inflected, without diacritics, with a typo.
    _pl("nie moge otworzyc sesji", E403),
    # Refused when opening the session (403), or an invoice refused for this (its status 410).
    _pl("brak uprawnien do wysylania faktur", E403, INVOICES),
    _pl("nadalem uprawnienia a dalej nie dziala", GRANTS, E403),
    _pl("ile trwa nadanie uprawnien", GRANTS),
    _pl("jak sprawdzic czy uprawnienie juz dziala", GRANTS),
    _pl("kto moze nadawac uprawnienia", GRANTS),
    _pl("uprawnienia dla biura rachunkowego", GRANTS),
    _pl("nie mam uprawnien w tym kontekscie", STATUS, PERMISSIONS),
    _pl("za duzo zadan", E429),
    _pl("limit zadan na godzine", E429),
    _pl("przekroczony limit", E429),
    _pl("wygasl token dostepowy", E401),
    _pl("jak wygenerowac token ksef", TOKENS),
    _pl("zmiana zakresu tokena", TOKENS),
    _pl("jak uniewaznic token", TOKENS),
    _pl("wyciek tokena", TOKENS),
    _pl("adres srodowiska testowego", ENVS),
    _pl("czym sie rozni demo od produkcji", ENVS),
    _pl("latarnia awaria ksef", ENVS),
    _pl("profil zaufany czy token", METHODS),
    _pl("logowanie pieczecia kwalifikowana", METHODS),
    _pl("podpis xades", METHODS),
    _pl("adres ip spoza listy", E403),
    _pl("blokda bezpieczenstwa", E403),
    _pl("srodowsko produkcyjne", ENVS),
    _pl("limty zadan", E429),
    _pl("statsy uwierzytelnienia", STATUS),
    _pl("metdy uwierzytelniania", METHODS),
    _pl("uprawneinia tokena", TOKENS),
    # Codes and endpoints, alone or with a word or two.
    _pl("403", E403),
    _pl("401", E401),
    _pl("429", E429),
    _pl("415", STATUS),
    _pl("450", STATUS),
    _pl("480", STATUS),
    _pl("status 460", STATUS),
    _pl("21301", E401),
    _pl("21180", E21180),
    _pl("kod 26001", TOKEN_CODES),
    _pl("token z ksef 1.0", TOKENS),
    _pl("sesja 415 po 12 godzinach", E21180),
    _pl("kod 403", E403),
    _pl("blad 429", E429),
    _pl("błąd 401 token", E401),
    _pl("POST /sessions/online", E403),
    _pl("sessions/online 403", E403),
    _pl("POST /auth/ksef-token 450", STATUS),
    _pl("GET /auth/{referenceNumber}", STATUS),
    _pl("GET /tokens/{referenceNumber}", TOKENS),
    _pl("POST /permissions/query/personal/grants", GRANTS),
    # The catalogue has a section per status this endpoint reports.
    _pl("GET /permissions/operations/{referenceNumber}", GRANTS, PERMISSIONS),
    _pl("POST /auth/token/refresh", E401, METHODS),
    # The error catalogue: a code alone or with words, a ministry description or a detail from a
    # dialog, a whole error body pasted from a program.
    # 21180 has an article of its own; its section in the sessions article points there.
    _pl("błąd 21180 sesja", E21180),
    _pl("Status sesji (415) uniemożliwia wysyłkę faktur", E21180),
    _pl(
        '{"title":"Bad Request","status":400,"instance":"/v2/sessions/online/20260201-SO-26C883'
        '5000-B6D5BF00D9-D8/invoices","detail":"Żądanie jest nieprawidłowe.","errors":[{"code":'
        '21180,"description":"Status sesji nie pozwala na wykonanie operacji.","details":["Status'
        ' sesji (415) uniemożliwia wysyłkę faktur."]}],"timestamp":"2026-02-01T11:21:42.90885'
        '52+00:00","traceId":"00-f79e8d1bb3f1851e2b6ace2fa305b8c1-f35e75d76ef07f39-00"}',
        E21180,
    ),
    _pl(
        '{"exception":{"exceptionDetailList":[{"exceptionCode":21405,"exceptionDescription":'
        '"Błąd walidacji danych wejściowych.","details":["Wskazany kod formularza nie jest wspie'
        'rany."]}],"serviceCode":"00-81df165222fdeaaf646a18a973202a00-ac80ea6edf352b3d-00",'
        '"timestamp":"2026-02-09T10:00:00Z"}}',
        REQUESTS,
    ),
    _pl(
        '{"title":"Forbidden","status":403,"detail":"Brak wymaganych uprawnień do wykonania '
        'operacji w bieżącym kontekście.","instance":"/v2/invoices/query/metadata","reasonCode":'
        '"missing-permissions","security":{"requiredAnyOfPermissions":["InvoiceRead"],'
        '"presentPermissions":[]}}',
        PERMISSIONS,
    ),
    _pl(
        '{"title":"Forbidden","status":403,"detail":"Brak wymaganych uprawnień do wykonania '
        'operacji w bieżącym kontekście.","instance":"/v2/sessions/online","reasonCode":'
        '"missing-permissions","security":{"requiredAnyOfPermissions":["InvoiceWrite"],'
        '"presentPermissions":["InvoiceRead"]}}',
        E403,
    ),
    _pl("26001", TOKEN_CODES),
    _pl("KSeF 26001 token", TOKEN_CODES),
    _pl("status 440 duplikat", INVOICES),
    _pl("duplikat faktury", INVOICES),
    _pl("sesja anulowana 440", SESSIONS),
    _pl("Sesja tymczasowo niedostępna", SESSIONS),
    _pl("9105 Nieprawidłowy podpis", AUTH_CODES),
    _pl("21470", REQUESTS),
    _pl("25007", CERTIFICATES),
    _pl("auth-method-not-allowed", PERMISSIONS),
    _pl("Faktura o podanym numerze KSeF nie jest jeszcze dostępna", DOWNLOADS),
    _en("21180", A21180),
    _en("error 21180", A21180),
    _en("duplicate invoice 440", A_INVOICES),
    _en("26001", A_TOKEN_CODES),
    _en("21405 validation error", A_REQUESTS),
    _en(
        '{"title":"Bad Request","status":400,"errors":[{"code":26001,"description":"Nie można '
        'nadać tokenowi uprawnień których nie posiadasz.","details":["Brakujące uprawnienia: '
        'InvoiceWrite."]}]}',
        A_TOKEN_CODES,
    ),
    # English.
    _en("permission denied when opening a session", A403),
    _en("rate limit exceeded", A429),
    _en("too many requests", A429),
    _en("access token expired", A401),
    _en("how to grant permissions", A_GRANTS),
    _en("check that a permission works", A_GRANTS),
    _en("token statuses", A_TOKENS),
    _en("token scope", A_TOKENS),
    _en("test environment address", A_ENVS),
    _en("login with trusted profile", A_METHODS),
    _en("bad token 450", A_STATUS),
    _en("no permissions in this context", A_STATUS),
    _en("unauthorized", A401),
    _en("IP address not allowed", A403),
    _en("latarnia availability", A_ENVS),
    _en("qualified seal", A_METHODS),
    _en("revoke a token", A_TOKENS),
    _en("authentication status codes", A_STATUS),
    _en("error 403 sessions/online", A403),
    _en("429", A429),
    _en("21180 session status", A21180),
    _en("session status 415 prevents sending invoices", A21180),
    _en("KSeF 1.0 token", A_TOKENS),
]


class Rating(NamedTuple):
    hit_at_1: float
    hit_at_3: float
    mrr: float
    # (query, expected, what came first three): the queries whose expected article was not first.
    misses: list[tuple[str, tuple[str, ...], list[str]]]
    # The first result of every query ("language:query"), for comparing databases.
    firsts: dict[str, str]


def rate(judged: list[Judged], ranking: Callable[[str, str], list[str]]) -> Rating:
    """hit@1, hit@3 and mean reciprocal rank of ``ranking`` (query, language -> slugs, best
    first) over ``judged``."""
    first = third = reciprocal = 0.0
    misses = []
    firsts = {}
    for query, language, expected in judged:
        slugs = ranking(query, language)
        firsts[f"{language}:{query}"] = slugs[0] if slugs else ""
        rank = next((i for i, slug in enumerate(slugs, 1) if slug in expected), None)
        first += rank == 1
        third += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0.0
        if rank != 1:
            misses.append((query, expected, slugs[:3]))
    n = len(judged)
    return Rating(first / n, third / n, reciprocal / n, misses, firsts)
