from __future__ import annotations

import pytest

from tests.factories import add_revision


def _assert_site_404(response, title="Nie znaleziono strony"):  # type: ignore[no-untyped-def]
    body = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in body
    assert 'role="search"' in body


@pytest.mark.parametrize(
    "url",
    [
        "/artykul/nie-ma-takiego/",
        "/artykul/nie-ma-takiego/historia/",
        "/artykul/blad-403/wersja/7/",
        "/artykul/blad-403/wersja/2/",  # a draft: exists, never published
        "/kategoria/nie-ma/",
    ],
)
def test_unknown_slug_or_version_shows_site_404(client, make_article, writer, url):
    article = make_article()
    add_revision(article, writer, body="Szkic")
    _assert_site_404(client.get(url))


def test_article_never_published_is_not_found(client, make_article):
    make_article("szkic", publish=False)
    _assert_site_404(client.get("/artykul/szkic/"))


def test_english_reader_gets_the_english_404(client, db):
    _assert_site_404(client.get("/en/artykul/nie-ma-takiego/"), "Page not found")
