from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

MISSING_PERMISSIONS = {
    "status": "403",
    "reason": "missing-permissions",
    "endpoint": "POST /v2/sessions/online",
    "env": "demo",
    "nip": "5260250274",
    "trace": "abc-123",
}


def test_json_answer_has_the_documented_shape(client, starter_rules):
    data = client.get("/api/v1/help/", MISSING_PERMISSIONS).json()
    assert data["version"] == 1
    assert data["matched"] is True
    assert data["language"] == "pl"
    assert data["language_fallback"] is False
    assert data["title"] == "Błąd 403 przy sessions/online: Uprawnienia jeszcze się propagują"
    assert data["summary"] == (
        "Uprawnienia nadane przed chwilą nie są jeszcze widoczne. Uwierzytelnij się od nowa po "
        "kilku minutach. Zwykle pomaga odczekanie."
    )
    assert data["article_url"] == (
        "http://127.0.0.1:8000/artykul/blad-403-sessions-online/#propagation"
    )
    assert data["help_url"].startswith("http://127.0.0.1:8000/pomoc/blad/?status=403")
    assert data["error"] == {
        "status": 403,
        "code": None,
        "reason": "missing-permissions",
        "method": "POST",
        "endpoint": "/sessions/online",
        "environment": "demo",
        "trace": "abc-123",
        "description": (
            "Otrzymano 403 (missing-permissions) z POST sessions/online w środowisku Demo"
        ),
    }
    assert data["rule"]["endpoint"] == "/sessions/online"
    assert data["rule"]["reason"] == "missing-permissions"
    assert data["alternatives"] == []
    assert data["tokens_removed"] is False


def test_summary_is_plain_text(client, make_article):
    from kb.errorlinks.models import ErrorRule

    article = make_article(
        "a", body="## X {#x}\n\nZobacz **ważne** i [link](https://e.pl) oraz `kod` &amp; <b>to</b>."
    )
    ErrorRule.objects.create(status=500, article=article, anchor="x")
    summary = client.get("/api/v1/help/", {"status": "500"}).json()["summary"]
    assert summary == "Zobacz ważne i link oraz kod & to."


def test_check_url_is_absolute_and_prefilled(client, starter_rules):
    data = client.get("/api/v1/help/", MISSING_PERMISSIONS).json()
    assert data["check_url"] == "http://127.0.0.1:8000/sprawdz-sesje/?env=demo&nip=5260250274"


def test_english_json_uses_the_translation(client, starter_rules):
    data = client.get("/api/v1/help/", {**MISSING_PERMISSIONS, "lang": "en"}).json()
    assert data["language"] == "en"
    assert data["article_url"].endswith("/en/artykul/error-403-sessions-online/#propagation")
    assert data["error"]["description"] == (
        "You got 403 (missing-permissions) from POST sessions/online on Demo"
    )


def test_json_allows_any_origin_and_may_be_cached(client, starter_rules):
    response = client.get("/api/v1/help/", {"status": "401"}, HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept", "Accept-Language"} <= vary
    assert response["Content-Type"] == "application/json"


def test_unchanged_answer_is_revalidated_with_an_empty_304(client, starter_rules):
    first = client.get("/api/v1/help/", {"status": "401"})
    again = client.get("/api/v1/help/", {"status": "401"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"


def test_preflight_is_answered_for_get(client):
    response = client.options("/api/v1/help/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_api_refuses_writes(client):
    assert client.post("/api/v1/help/", {"status": "401"}).status_code == 405


def test_landing_url_answers_json_when_asked_for_it(client, starter_rules):
    response = client.get("/pomoc/blad/", {"status": "401"}, HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    assert response.json()["article_url"].endswith("/artykul/blad-401-uwierzytelnienie/")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_browser_accept_header_gets_the_page(client, starter_rules):
    response = client.get(
        "/pomoc/blad/",
        {"status": "401"},
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
