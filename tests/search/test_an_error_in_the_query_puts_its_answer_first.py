"""A KSeF code, a 403 reason or a whole error body pasted into search: the section the error-link
rules choose for that error comes first, as the help link would show it."""

from __future__ import annotations

import json

import pytest

from kb.errorlinks.models import ErrorRule
from kb.search.query import search

pytestmark = pytest.mark.django_db

SESSIONS = """Kody błędów sesji: wysyłka faktur i zamykanie.

## 21173: Brak sesji {#code-21173}

Sesja o tym numerze nie istnieje. Sesja, sesja, sesja.

## 21180: Status sesji nie pozwala na wykonanie operacji {#code-21180}

Sesja nie przyjmuje już faktur.
"""
PERMISSIONS = "## missing-permissions: Brak uprawnień {#missing-permissions}\n\nNadaj je.\n"
PROBLEM = {
    "title": "Bad Request",
    "status": 400,
    "instance": "/v2/sessions/online/20260201-SO-26C8835000-B6D5BF00D9-D8/invoices",
    "detail": "Żądanie jest nieprawidłowe.",
    "errors": [
        {
            "code": 21180,
            "description": "Status sesji nie pozwala na wykonanie operacji.",
            "details": ["Status sesji (415) uniemożliwia wysyłkę faktur."],
        }
    ],
    "timestamp": "2026-02-01T11:21:42.9088552+00:00",
    "traceId": "00-f79e8d1bb3f1851e2b6ace2fa305b8c1-f35e75d76ef07f39-00",
}


@pytest.fixture
def answers(make_article):
    # An article that says "sesja" far more often, so that words alone would rank it first.
    make_article(
        "sesje-wszystko",
        title="Sesja, sesja i sesja",
        summary="Wszystko o sesji i statusie sesji.",
        body="## Sesja {#sesja}\n\nSesja status sesji operacji 21180 sesja sesji.",
    )
    sessions = make_article("kody-bledow-sesji", title="Kody błędów sesji", body=SESSIONS)
    permissions = make_article("kody-bledow-uprawnien", title="Odmowa dostępu", body=PERMISSIONS)
    ErrorRule.objects.create(article=sessions, anchor="code-21180", code=21180)
    ErrorRule.objects.create(
        article=permissions,
        anchor="missing-permissions",
        status=403,
        reason_code="missing-permissions",
    )


def first(query: str) -> str:
    return search(query, "pl", 5).hits[0].url


def test_a_code_alone_or_among_words_puts_its_section_first(answers):
    assert first("21180") == "/artykul/kody-bledow-sesji/#code-21180"
    assert first("błąd 21180 sesja") == "/artykul/kody-bledow-sesji/#code-21180"


def test_a_pasted_problem_details_body_is_read_for_its_code(answers):
    outcome = search(json.dumps(PROBLEM, ensure_ascii=False), "pl", 5)

    assert outcome.pasted is True
    assert outcome.hits[0].url == "/artykul/kody-bledow-sesji/#code-21180"
    # The passage shown is the chosen section's, not the introduction's.
    assert "Sesja nie przyjmuje już faktur." in outcome.hits[0].passage_html
    # What is searched for is the error's code, not its JSON.
    assert outcome.query == "21180"
    assert not outcome.truncated


def test_the_older_exception_body_and_a_403_body_are_read_too(answers):
    older = {
        "exception": {
            "exceptionDetailList": [
                {"exceptionCode": 21180, "exceptionDescription": "Status sesji nie pozwala."}
            ],
            "serviceCode": "00-abc",
        }
    }
    forbidden = {
        "title": "Forbidden",
        "status": 403,
        "instance": "/v2/invoices/query/metadata",
        "reasonCode": "missing-permissions",
        "security": {"requiredAnyOfPermissions": ["InvoiceRead"], "presentPermissions": []},
    }

    assert first(json.dumps(older)) == "/artykul/kody-bledow-sesji/#code-21180"
    assert first(json.dumps(forbidden)) == "/artykul/kody-bledow-uprawnien/#missing-permissions"
    assert first("reasonCode missing-permissions") == (
        "/artykul/kody-bledow-uprawnien/#missing-permissions"
    )


def test_a_code_no_rule_answers_and_a_body_without_errors_only_search_their_words(answers):
    status_body = {"status": {"code": 440, "description": "Sesja anulowana"}, "validUntil": "x"}

    unknown = search("21999 sesja", "pl", 5)
    pasted = search(json.dumps(status_body), "pl", 5)

    assert unknown.hits[0].slug == "sesje-wszystko"
    assert pasted.pasted is True
    assert pasted.query == "440 Sesja anulowana"
    assert pasted.hits[0].slug == "sesje-wszystko"


def test_what_is_not_json_is_searched_as_typed(answers):
    outcome = search('{"title": "niedokończony', "pl", 5)

    assert outcome.pasted is False
    assert outcome.query == '{"title": "niedokończony'


def test_the_results_page_says_it_read_a_pasted_error(client, answers):
    page = client.get("/szukaj/", {"q": json.dumps(PROBLEM, ensure_ascii=False)}).content.decode()

    assert "Rozpoznaliśmy wklejoną odpowiedź KSeF." in page
    assert 'href="/artykul/kody-bledow-sesji/#code-21180"' in page
    # The search box takes a whole pasted body.
    assert 'maxlength="8000"' in page
