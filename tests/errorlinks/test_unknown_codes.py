from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_code_offers_articles_found_for_code_and_endpoint(client, starter_rules):
    data = client.get(
        "/api/v1/help/", {"status": "400", "code": "21470", "endpoint": "/sessions/online"}
    ).json()
    assert data["matched"] is False
    assert data["article_url"] is None
    assert data["rule"] is None
    assert data["alternatives"][0]["url"] == (
        "http://127.0.0.1:8000/artykul/blad-403-sessions-online/"
    )
    assert data["title"] == "Nie mamy jeszcze odpowiedzi na dokładnie ten błąd"
    # The English translation of the same article is not offered to a Polish reader.
    assert all("/en/" not in a["url"] for a in data["alternatives"])


def test_unknown_code_page_lists_the_best_articles_and_a_search_box(client, starter_rules):
    body = client.get("/pomoc/blad/", {"code": "21405", "endpoint": "/auth/challenge"}).content
    text = body.decode()
    assert "Nie mamy jeszcze odpowiedzi na dokładnie ten błąd" in text
    assert 'role="search"' in text


def test_unknown_code_with_nothing_similar_says_so(client, starter_rules):
    text = client.get("/pomoc/blad/", {"code": "99999"}).content.decode()
    assert "Nie znaleźliśmy pasujących artykułów." in text


def test_known_status_on_an_endpoint_no_rule_covers_is_a_miss(client, starter_rules):
    data = client.get("/api/v1/help/", {"status": "403", "endpoint": "/invoices/exports"}).json()
    assert data["matched"] is False


def test_search_box_is_prefilled_with_the_code_and_endpoint(client, starter_rules):
    text = client.get("/pomoc/blad/", {"code": "21405", "endpoint": "/auth/challenge"}).content
    assert (
        'id="errorlink-search-q" type="search" name="q" value="21405 auth challenge"'
        in text.decode()
    )
    assert 'id="header-search-q" type="search" name="q" value=""' in text.decode()
