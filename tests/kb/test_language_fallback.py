from __future__ import annotations


def test_english_reader_without_translation_gets_polish_with_a_notice(client, make_article):
    make_article()

    response = client.get("/en/artykul/blad-403/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "This article is not available in English yet; the Polish version is below." in body
    assert '<article lang="pl"' in body
    assert "Brak uprawnień." in body
    assert '<html lang="en">' in body


def test_english_reader_is_sent_to_the_translation_when_there_is_one(client, make_article):
    original = make_article()
    make_article(
        "error-403", language="en", title="Error 403", body="No rights.", translation_of=original
    )

    response = client.get("/en/artykul/blad-403/")

    assert response.status_code == 302
    assert response["Location"] == "/en/artykul/error-403/"


def test_polish_page_offers_the_english_translation_and_back(client, make_article):
    original = make_article()
    make_article(
        "error-403", language="en", title="Error 403", body="No rights.", translation_of=original
    )

    polish = client.get("/artykul/blad-403/").content.decode()
    english = client.get("/en/artykul/error-403/").content.decode()

    assert '<a href="/en/artykul/error-403/" hreflang="en" lang="en">Read in English</a>' in polish
    assert (
        '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/artykul/error-403/">'
        in polish
    )
    assert '<a href="/artykul/blad-403/" hreflang="pl" lang="pl">Czytaj po polsku</a>' in english
    assert "No rights." in english
    assert "not available in English" not in english


def test_unpublished_translation_is_not_offered(client, make_article):
    original = make_article()
    make_article(
        "error-403", language="en", title="Error 403", translation_of=original, publish=False
    )

    body = client.get("/en/artykul/blad-403/").content.decode()

    assert "Read in English" not in body
    assert "not available in English yet" in body
    assert client.get("/en/artykul/error-403/").status_code == 404


def test_english_home_lists_polish_only_articles_marked_as_polish(client, make_article):
    make_article()
    body = client.get("/en/").content.decode()
    assert (
        '<a href="/en/artykul/blad-403/" lang="pl" hreflang="pl">Błąd 403</a> '
        '<span class="meta">(in Polish)</span>' in body
    )
