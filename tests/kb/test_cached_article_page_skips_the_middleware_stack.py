"""An anonymous reader's cached article page is served before sessions, auth and the rest."""

from __future__ import annotations

import re

from django.test import Client


def _token_in(body: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match is not None
    return match.group(1)


def _without_tokens(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_hit_is_served_before_the_session_middleware_with_the_same_page(client, make_article):
    make_article()
    miss = client.get("/artykul/blad-403/")
    hit = client.get("/artykul/blad-403/")

    # Sessions never ran for the hit: the page came out of the cache first.
    assert not hasattr(hit.wsgi_request, "session")
    assert hasattr(miss.wsgi_request, "session")
    assert _without_tokens(hit.content.decode()) == _without_tokens(miss.content.decode())


def test_hit_carries_the_headers_the_skipped_middleware_would_add(client, make_article):
    make_article()
    miss = client.get("/artykul/blad-403/")
    hit = client.get("/artykul/blad-403/")

    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary"):
        assert hit[header] == miss[header], header
    assert hit["Content-Language"] == "pl"
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_first_visit_served_from_cache_gets_a_working_csrf_token(client, make_article):
    article = make_article()
    client.get("/artykul/blad-403/")  # fills the cache
    reader = Client(enforce_csrf_checks=True)  # a new reader, without a CSRF cookie yet

    hit = reader.get("/artykul/blad-403/")
    assert not hasattr(hit.wsgi_request, "session")
    assert "csrftoken" in hit.cookies

    response = reader.post(
        f"/artykul/{article.slug}/opinia/",
        {
            "revision": article.published_revision.number,
            "helpful": "yes",
            "csrfmiddlewaretoken": _token_in(hit.content.decode()),
        },
    )
    assert response.status_code == 302
    assert article.published_revision.feedback.count() == 1


def test_reader_with_a_session_gets_the_full_stack(client, make_article, editor):
    make_article()
    client.get("/artykul/blad-403/")
    client.force_login(editor)

    response = client.get("/artykul/blad-403/")
    assert hasattr(response.wsgi_request, "session")


def test_english_article_is_matched_under_its_prefix(client, make_article):
    make_article("error-403", language="en", title="Error 403", publish=True)
    client.get("/en/artykul/error-403/")

    hit = client.get("/en/artykul/error-403/")
    assert not hasattr(hit.wsgi_request, "session")
    assert hit["Content-Language"] == "en"
    assert "Error 403" in hit.content.decode()
