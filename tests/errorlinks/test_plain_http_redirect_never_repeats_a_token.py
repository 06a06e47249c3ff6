"""Over plain HTTP, SecurityMiddleware redirects to HTTPS with the request's own address. A token
in that address is dropped first, so the redirect to HTTPS never repeats it; it still carries
the security headers of every response."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

TOKEN = "20251010-EC-2A1B3C4D5E-6F7A8B9C0D-1E|nip-5260250274|" + "ab12" * 16


@pytest.fixture(autouse=True)
def _https_redirect(settings):  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True


@pytest.mark.parametrize("method", ["get", "head", "post"])
def test_the_redirect_to_https_goes_to_the_address_without_the_token(client, method):
    response = getattr(client, method)(f"/pomoc/blad/?status=403&token={TOKEN}")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/pomoc/blad/?status=403&token_removed=1"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_following_every_redirect_never_shows_the_token(client, starter_rules):
    response = client.get("/pomoc/blad/", {"status": "401", "token": TOKEN}, follow=True)

    assert response.redirect_chain == [
        ("https://testserver/pomoc/blad/?status=401&token_removed=1", 301)
    ]
    assert "ab12ab12" not in response.content.decode()
    assert "Usunęliśmy token KSeF z adresu tej strony." in response.content.decode()


def test_over_https_the_token_is_still_dropped_by_a_redirect_with_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600

    response = client.get("/pomoc/blad/", {"token": TOKEN}, secure=True)

    assert response.status_code == 303
    assert response["Location"] == "/pomoc/blad/?token_removed=1"
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
