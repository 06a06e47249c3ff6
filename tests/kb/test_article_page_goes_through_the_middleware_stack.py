"""A read article page, like any other page, passes host validation, gets the security headers
from the middleware stack, and never has a reader's CSRF token written into its text."""

from __future__ import annotations

import re

from django.test import Client


def test_an_unknown_host_gets_400_after_the_page_was_read(client, make_article):
    make_article()
    assert client.get("/artykul/blad-403/").status_code == 200
    assert client.get("/artykul/blad-403/").status_code == 200

    response = Client().get("/artykul/blad-403/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Brak uprawnień." not in response.content.decode()


def test_the_article_page_has_the_same_security_headers_as_the_home_page(client, make_article):
    make_article()
    client.get("/artykul/blad-403/")
    article = Client().get("/artykul/blad-403/")
    home = Client().get("/")

    for header in ("Content-Security-Policy", "X-Frame-Options", "Vary", "Content-Language"):
        assert article[header] == home[header], header
    assert article["X-Frame-Options"] == "DENY"
    assert article["X-Content-Type-Options"] == "nosniff"
    assert article["Content-Language"] == "pl"


def test_an_english_page_says_so_in_content_language(client, make_article):
    make_article("error-403", language="en", title="Error 403")
    client.get("/en/artykul/error-403/")
    assert client.get("/en/artykul/error-403/")["Content-Language"] == "en"


def test_text_that_looked_like_the_old_caches_placeholder_is_shown_verbatim(make_article):
    placeholder = "kb-page-cache-csrf-token-placeholder"
    make_article(body=f"## Przyczyny\n\nTekst `{placeholder}` w artykule.")

    for _ in range(2):
        reader = Client()
        # The reader's token comes with the feedback form the page loads, not with the page.
        form = reader.get("/artykul/blad-403/opinia/?revision=1", HTTP_HX_REQUEST="true")
        assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', form.content.decode())
        body = reader.get("/artykul/blad-403/").content.decode()
        assert f"<code>{placeholder}</code>" in body
        token = reader.cookies["csrftoken"].value
        assert token not in body.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
