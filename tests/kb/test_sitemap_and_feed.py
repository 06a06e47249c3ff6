from __future__ import annotations

from xml.etree import ElementTree

from tests.factories import add_revision

from .conftest import count_queries


def test_sitemap_lists_published_articles_in_their_language_and_category_pages(
    client, make_article
):
    original = make_article()
    make_article("error-403", language="en", title="Error 403", translation_of=original)
    make_article("szkic", publish=False)

    body = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://127.0.0.1:8000/artykul/blad-403/</loc>" in body
    assert "<loc>http://127.0.0.1:8000/en/artykul/error-403/</loc>" in body
    assert "<lastmod>2026-01-10</lastmod>" in body
    assert "<loc>http://127.0.0.1:8000/kategoria/uwierzytelnianie/</loc>" in body
    assert "<loc>http://127.0.0.1:8000/en/kategoria/uwierzytelnianie/</loc>" in body
    assert "szkic" not in body


def test_atom_feed_lists_each_publication_with_its_change_note(client, make_article, editor):
    article = make_article()
    add_revision(
        article,
        editor,
        summary="Nowe",
        change_note="Dopisano środowiska",
        days=0,
        publish_by=editor,
    )

    response = client.get("/zmiany.atom")

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.index("Tytuł (wersja 2)") < body.index("Błąd 403 (wersja 1)")
    assert "Dopisano środowiska. Nowe" in body
    assert "http://testserver/artykul/blad-403/wersja/2/" in body
    assert "<updated>2026-01-11T09:00:00+00:00</updated>" in body


def test_atom_feed_sends_writers_markup_as_text_not_html(client, make_article, editor):
    article = make_article()
    add_revision(
        article,
        editor,
        summary="<b>Nowe</b>",
        change_note='<img src=x onerror="alert(1)">',
        days=0,
        publish_by=editor,
    )

    feed = ElementTree.fromstring(client.get("/zmiany.atom").content)  # noqa: S314 (our own feed)

    summaries = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;. &lt;b&gt;Nowe&lt;/b&gt;" in summaries
    assert not any("<img" in summary for summary in summaries)


def test_feed_and_sitemap_queries_do_not_grow_with_articles(client, make_article):
    make_article("a0")
    few = (count_queries(client, "/zmiany.atom"), count_queries(client, "/sitemap.xml"))
    for i in range(1, 6):
        make_article(f"a{i}")
    assert (count_queries(client, "/zmiany.atom"), count_queries(client, "/sitemap.xml")) == few
