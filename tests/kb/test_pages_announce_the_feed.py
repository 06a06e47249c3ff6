from __future__ import annotations

import pytest
from django.utils import translation

FEED_LINK = '<link rel="alternate" type="application/atom+xml" href="{href}" title="{title}">'


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/artykul/blad-403/", "/artykul/blad-403/historia/"])
def test_every_page_head_announces_the_atom_feed(client, make_article, url):
    make_article()

    head = client.get(url).content.decode().split("</head>")[0]

    assert FEED_LINK.format(href="/zmiany.atom", title="Zmiany w artykułach (Atom)") in head
    assert client.get("/zmiany.atom")["Content-Type"].startswith("application/atom+xml")


@pytest.mark.django_db
def test_english_pages_announce_the_english_feed(client, make_article):
    make_article("error-403", language="en", title="Error 403")

    # The locale middleware leaves English active in this thread; the tests after this one
    # expect Polish.
    with translation.override("pl"):
        head = client.get("/en/artykul/error-403/").content.decode().split("</head>")[0]

    assert FEED_LINK.format(href="/en/zmiany.atom", title="Article changes (Atom)") in head
