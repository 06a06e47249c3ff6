from __future__ import annotations

from kb.slugs import record_slug_change, slug_in_use


def _rename(article, new_slug):  # type: ignore[no-untyped-def]
    old = article.slug
    article.slug = new_slug
    article.save()
    record_slug_change(article, old)


def test_old_slug_redirects_permanently_to_every_current_url(client, make_article):
    article = make_article()
    _rename(article, "blad-403-sesja")

    page = client.get("/artykul/blad-403/?utm=x")
    history = client.get("/artykul/blad-403/historia/")
    version = client.get("/en/artykul/blad-403/wersja/1/")

    assert (page.status_code, page["Location"]) == (301, "/artykul/blad-403-sesja/?utm=x")
    assert (history.status_code, history["Location"]) == (301, "/artykul/blad-403-sesja/historia/")
    assert (version.status_code, version["Location"]) == (
        301,
        "/en/artykul/blad-403-sesja/wersja/1/",
    )
    assert "Brak uprawnień." in client.get(page["Location"]).content.decode()


def test_every_earlier_slug_keeps_working_after_several_renames(client, make_article):
    article = make_article()
    _rename(article, "drugi")
    _rename(article, "trzeci")
    assert client.get("/artykul/blad-403/")["Location"] == "/artykul/trzeci/"
    assert client.get("/artykul/drugi/")["Location"] == "/artykul/trzeci/"


def test_taking_back_an_old_slug_makes_it_current_again(client, make_article):
    article = make_article()
    _rename(article, "drugi")
    _rename(article, "blad-403")
    assert client.get("/artykul/blad-403/").status_code == 200
    assert client.get("/artykul/drugi/")["Location"] == "/artykul/blad-403/"


def test_another_articles_old_slug_counts_as_taken(make_article):
    first = make_article()
    _rename(first, "nowy")
    second = make_article("inny")
    assert slug_in_use("blad-403", second)
    assert slug_in_use("nowy", second)
    assert not slug_in_use("blad-403", first)
    assert not slug_in_use("wolny", second)
