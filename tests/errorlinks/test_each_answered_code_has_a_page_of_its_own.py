from __future__ import annotations

import pytest
from django.core.management import call_command

from kb.errorlinks.models import ErrorRule

pytestmark = pytest.mark.django_db

SESSIONS = """Wstęp o sesjach.

## 21180: Status sesji nie pozwala na wykonanie operacji {#code-21180}

Sesja ma status, w którym KSeF nie przyjmuje faktur; zob. [statusy](#session-status-415).

## 415: Błąd odszyfrowania dostarczonego klucza {#session-status-415}

Klucz sesji był zły.
"""
INVOICES = "## 440: Duplikat faktury {#invoice-status-440}\n\nTaki numer już jest.\n"


@pytest.fixture
def catalogue(make_article):
    call_command("sync_error_catalogue")
    sessions = make_article("kody-bledow-sesji", title="Kody błędów sesji", body=SESSIONS)
    make_article(
        "session-error-codes",
        language="en",
        title="Session error codes",
        body=SESSIONS.replace("Sesja ma status", "The session's status"),
        translation_of=sessions,
    )
    invoices = make_article("statusy-faktur-w-sesji", title="Statusy faktur", body=INVOICES)
    ErrorRule.objects.create(article=sessions, anchor="code-21180", code=21180)
    ErrorRule.objects.create(
        article=invoices,
        anchor="invoice-status-440",
        code=440,
        endpoint_pattern="/sessions/*/invoices/*",
    )
    # A status answered only without its endpoint is not the session table's own answer.
    ErrorRule.objects.create(article=sessions, anchor="session-status-415", code=415)


def test_a_code_page_shows_its_section_and_links_to_the_whole_article(client, catalogue):
    page = client.get("/blad/21180/").content.decode()

    assert (
        '<h1 id="kb-code-title">21180: Status sesji nie pozwala na wykonanie operacji</h1>' in page
    )
    assert "Sesja ma status, w którym KSeF nie przyjmuje faktur" in page
    # The section's own links lead into the whole article.
    assert 'href="/artykul/kody-bledow-sesji/#session-status-415"' in page
    assert 'href="/artykul/kody-bledow-sesji/#code-21180"' in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/blad/21180/">' in page
    assert "<title>KSeF 21180: Status sesji nie pozwala na wykonanie operacji" in page
    assert "POST /sessions/online/{referenceNumber}/invoices" in page


def test_the_english_page_shows_the_translation(client, catalogue):
    page = client.get("/en/blad/21180/").content.decode()

    assert "The session&#x27;s status" in page or "The session's status" in page
    assert 'href="/en/artykul/session-error-codes/#code-21180"' in page


def test_a_status_page_needs_the_rule_for_its_own_table(client, catalogue):
    assert client.get("/blad/status-faktury-440/").status_code == 200
    assert "Taki numer już jest." in client.get("/blad/status-faktury-440/").content.decode()
    # 415 is answered only as a code alone: that is the authentication table's reading.
    assert client.get("/blad/status-sesji-415/").status_code == 404


@pytest.mark.parametrize("slug", ["21181", "99999", "status-faktury-999", "nie-ma-takiego"])
def test_codes_without_an_answer_of_their_own_have_no_page(client, catalogue, slug):
    assert client.get(f"/blad/{slug}/").status_code == 404


def test_the_sitemap_lists_each_answered_code_in_both_languages(client, catalogue):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://127.0.0.1:8000/blad/21180/</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/en/blad/21180/</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/blad/status-faktury-440/</loc>" in sitemap
    assert "/blad/21181/" not in sitemap
    assert "/blad/status-sesji-415/" not in sitemap


def test_a_code_with_an_article_of_its_own_sends_its_address_there(client, catalogue, make_article):
    article = make_article("blad-21301", title="Błąd 21301", body="Tokeny jeszcze niegotowe.")
    ErrorRule.objects.create(article=article, code=21301)

    response = client.get("/blad/21301/")

    assert response.status_code == 302
    assert response["Location"] == "/artykul/blad-21301/"
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/blad/21301/" not in sitemap
    assert "<loc>http://127.0.0.1:8000/artykul/blad-21301/</loc>" in sitemap
