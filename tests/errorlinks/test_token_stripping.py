from __future__ import annotations

import pytest

from kb.errorlinks.tokens import looks_like_secret

pytestmark = pytest.mark.django_db

TOKEN = "20251010-EC-2A1B3C4D5E-6F7A8B9C0D-1E|nip-5260250274|" + "ab12" * 16


def test_token_parameter_is_removed_by_redirect_before_the_page(client):
    response = client.get("/pomoc/blad/", {"status": "403", "token": TOKEN, "env": "demo"})
    assert response.status_code == 303
    location = response["Location"]
    assert location == "/pomoc/blad/?status=403&env=demo&token_removed=1"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", ["nip", "trace", "endpoint", "q", "KSeF-Token", "access_token"])
def test_token_shaped_value_in_any_parameter_is_removed(client, name):
    response = client.get("/api/v1/help/", {"status": "403", name: TOKEN})
    assert response.status_code == 303
    assert "nip-5260250274" not in response["Location"]
    assert "ab12ab12" not in response["Location"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_page_after_removal_says_tokens_never_go_in_links(client, starter_rules):
    response = client.get("/pomoc/blad/", {"status": "401", "token": TOKEN}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain == [("/pomoc/blad/?status=401&token_removed=1", 303)]
    assert "Usunęliśmy token KSeF z adresu tej strony." in body
    assert "Tokeny nigdy nie trafiają do linków" in body
    assert "ab12ab12" not in body


def test_json_after_removal_reports_it(client, starter_rules):
    response = client.get("/api/v1/help/", {"status": "401", "token": TOKEN}, follow=True)
    assert response.json()["tokens_removed"] is True


def test_no_view_code_runs_with_the_token_in_hand(client, monkeypatch):
    from kb.errorlinks import views

    seen = []
    real_parse = views.parse_query
    monkeypatch.setattr(
        views, "parse_query", lambda params: seen.append(params.urlencode()) or real_parse(params)
    )
    client.get("/pomoc/blad/", {"status": "403", "nip": TOKEN}, follow=True)
    assert seen == ["status=403&token_removed=1"]


def test_english_pages_are_covered_too(client):
    response = client.get("/en/pomoc/blad/", {"status": "403", "token": TOKEN})
    assert response["Location"] == "/en/pomoc/blad/?status=403&token_removed=1"


def test_address_without_the_trailing_slash_is_covered_too(client):
    response = client.get("/pomoc/blad", {"token": TOKEN})
    assert response["Location"] == "/pomoc/blad?token_removed=1"


@pytest.mark.parametrize(
    ("path", "params", "cleaned"),
    [
        ("/sprawdz-sesje/", {"env": "demo", "token": TOKEN}, "/sprawdz-sesje/?env=demo"),
        ("/sprawdz-sesje", {"token": TOKEN}, "/sprawdz-sesje?"),
        ("/szukaj/", {"q": TOKEN}, "/szukaj/?"),
    ],
)
def test_tokens_are_removed_from_every_pages_link(client, path, params, cleaned):
    response = client.get(path, params)
    assert response.status_code == 303
    assert response["Location"].startswith(cleaned)
    assert "ab12ab12" not in response["Location"]


def test_the_check_form_never_echoes_a_token_from_its_link(client):
    response = client.get("/sprawdz-sesje/", {"token": TOKEN}, follow=True)
    assert response.status_code == 200
    assert "ab12ab12" not in response.content.decode()
    assert "nip-5260250274" not in response.content.decode()


@pytest.mark.django_db
def test_the_redirect_carries_the_sites_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    response = client.get("/pomoc/blad/", {"token": TOKEN}, secure=True)
    assert response.status_code == 303
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "value",
    [
        TOKEN,
        "ref|nip-1234567890|x",
        "f" * 64,
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig",
        "Bearer abcdefghijklmnopqrstuvwxyz",
    ],
)
def test_secret_shapes_are_recognised(value):
    assert looks_like_secret(value)


@pytest.mark.parametrize(
    "value", ["5260250274", "/sessions/online", "00-4bf92f3577b34da6a3ce929d0e0e4736-01", "f" * 63]
)
def test_ordinary_values_are_not_mistaken_for_tokens(value):
    assert not looks_like_secret(value)
