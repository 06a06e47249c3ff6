"""The catalogue's promise, checked against the ministry's document itself: every exception code,
every 403 reason and every status of the status tables that the vendored OpenAPI lists gets, through
the public JSON API, the answer written for it, in Polish and in English: its section wherever it
lives (the family's article or an older one) or an article of its own (21180), never the family's
fallback and never another code's answer."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import TestCase

from kb.errorlinks import catalogue, inventory
from kb.errorlinks.params import to_params
from kb.models import Article
from kb.translations import counterpart

pytestmark = pytest.mark.django_db


@pytest.fixture
def starter_content() -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_starter_content", verbosity=0)
    call_command("load_starter_rules", verbosity=0)
    call_command("sync_error_catalogue", verbosity=0)


def ask(client, params: list[tuple[str, str]], language: str) -> dict:
    return client.get("/api/v1/help/", [*params, ("lang", language)]).json()


def test_every_documented_code_gets_its_own_section_in_both_languages(client, starter_content):
    documented = sorted(inventory.load(), key=catalogue.sort_key)
    problems: list[str] = []
    answers: dict[tuple[str, str], str] = {}
    for entry in documented:
        name = f"{entry.table.value} {entry.code}"
        found = catalogue.home(entry.table, entry.code)
        if found is None:
            problems.append(f"{name}: no home in the catalogue")
            continue
        slug, anchor = found
        original = Article.objects.filter(slug=slug).first()
        if original is None or not original.is_published:
            problems.append(f"{name}: article {slug} is not published")
            continue
        params = to_params(catalogue.canonical_query(entry.table, entry.code))
        for language in ("pl", "en"):
            answer = ask(client, params, language)
            url = answer["article_url"] or ""
            # The code's own place: its article in this language, at its section if it has one.
            translated = counterpart(original, language)
            own = f"http://127.0.0.1:8000{translated.get_absolute_url()}" if translated else ""
            own += f"#{anchor}" if anchor else ""
            if not answer["matched"] or answer["match_level"] in ("status", "family", "none"):
                problems.append(f"{name} ({language}): {answer['match_level']}, no own answer")
            elif (answer["rule"]["anchor"] or "") != anchor or url != own:
                problems.append(f"{name} ({language}): answered by {url or answer['rule']}")
            elif answer["language"] != language:
                problems.append(f"{name} ({language}): only in {answer['language']}")
            else:
                owner = answers.setdefault((language, url), name)
                if owner != name:
                    problems.append(f"{name} ({language}): shares {url} with {owner}")
    assert not problems, "\n".join(problems)
    assert len(answers) == 2 * len(documented)


def test_a_code_alone_a_status_per_table_and_a_reason_from_any_endpoint_are_answered(
    client, starter_content
):
    # One load of the starter content for the three: it takes seconds.
    alone = ask(client, [("code", "21301")], "pl")
    assert alone["article_url"].endswith("/artykul/blad-401-uwierzytelnienie/#redeem-21301")
    assert alone["match_level"] == "code"
    own_article = ask(client, [("code", "21180")], "en")
    assert (
        own_article["article_url"] == "http://127.0.0.1:8000/en/artykul/error-21180-session-status/"
    )
    auth = ask(client, [("code", "480")], "en")
    assert auth["article_url"].endswith("/en/artykul/auth-status-415-450/#status-480")
    signed = ask(client, [("code", "460")], "pl")
    assert signed["article_url"].endswith("/artykul/sprawdzenie-bez-tokena/#status-460")

    invoice = ask(
        client, [("code", "440"), ("endpoint", "GET /v2/sessions/S-1/invoices/I-1")], "pl"
    )
    session = ask(client, [("code", "440"), ("endpoint", "GET /v2/sessions/S-1")], "pl")
    grants = ask(client, [("code", "440"), ("endpoint", "/permissions/operations/P-1")], "pl")
    assert invoice["article_url"].endswith("/artykul/statusy-faktur-w-sesji/#invoice-status-440")
    assert session["article_url"].endswith("/artykul/kody-bledow-sesji/#session-status-440")
    assert grants["article_url"].endswith("/artykul/kody-bledow-uprawnien/#permission-status-440")
    assert {invoice["match_level"], session["match_level"], grants["match_level"]} == {"endpoint"}

    reason = ask(client, [("reason", "missing-permissions"), ("endpoint", "POST /tokens")], "pl")
    assert reason["article_url"].endswith("/artykul/kody-bledow-uprawnien/#missing-permissions")
    assert reason["match_level"] == "status-and-code"
