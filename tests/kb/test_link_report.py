from __future__ import annotations

from kb.links import BrokenLink, broken_links
from kb.models import SlugRedirect
from tests.factories import add_revision, make_image

TARGET_BODY = "## Przyczyny {#causes}\n\nTekst.\n\n### Brak uprawnień\n\nTekst."


def _report(make_article, body):  # type: ignore[no-untyped-def]
    return broken_links(add_revision(make_article("nowy", title="Nowy"), body=body))


def test_links_to_published_articles_and_their_sections_pass(make_article):
    make_article(body=TARGET_BODY)
    make_article("error-403", language="en", title="Error 403", body="## Causes {#causes}")
    SlugRedirect.objects.create(old_slug="stary-403", article=make_article("blad-401"))

    report = _report(
        make_article,
        "## Wstęp {#intro}\n\n[a](/artykul/blad-403/) [b](/artykul/blad-403/#causes) "
        "[c](/artykul/blad-403/#brak-uprawnien) [d](http://127.0.0.1:8000/artykul/blad-403/) "
        "[e](/en/artykul/error-403/#causes) [f](#intro) [g](/artykul/stary-403/) "
        "[h](https://www.podatki.gov.pl/ksef/#nie-sprawdzamy) [i](mailto:ksef@example.com) "
        "[j](/kategoria/uwierzytelnianie/)",
    )

    assert report == []


def test_link_to_a_missing_article_is_reported(make_article):
    report = _report(make_article, "[a](/artykul/nie-ma-takiego/) [b](/en/artykul/none/)")

    assert report == [
        BrokenLink("/artykul/nie-ma-takiego/", "nie ma artykułu „nie-ma-takiego”"),
        BrokenLink("/en/artykul/none/", "nie ma artykułu „none”"),
    ]


def test_link_to_an_unpublished_article_is_reported(make_article):
    make_article("szkic", publish=False)

    report = _report(make_article, "Zobacz [szkic](http://127.0.0.1:8000/artykul/szkic/).")

    assert report == [
        BrokenLink("http://127.0.0.1:8000/artykul/szkic/", "artykuł „szkic” nie jest opublikowany")
    ]


def test_missing_sections_are_reported_here_and_in_other_articles(make_article):
    make_article(body=TARGET_BODY)

    report = _report(
        make_article,
        "## Wstęp\n\n[a](#wstep) [b](#propagation) [c](/artykul/blad-403/#propagation) "
        "[d](#propagation)",
    )

    assert report == [
        BrokenLink("#propagation", "w tym artykule nie ma sekcji #propagation"),
        BrokenLink(
            "/artykul/blad-403/#propagation", "w artykule „blad-403” nie ma sekcji #propagation"
        ),
    ]


def test_a_section_only_in_a_draft_of_the_target_is_missing_for_readers(make_article):
    target = make_article(body=TARGET_BODY)
    add_revision(target, body="## Nowa sekcja {#nowa}")

    report = _report(make_article, "[a](/artykul/blad-403/#nowa)")

    assert [link.href for link in report] == ["/artykul/blad-403/#nowa"]


def test_unknown_portal_pages_and_categories_are_reported(make_article):
    report = _report(make_article, "[a](/nie-ma-strony/) [b](/kategoria/nie-ma/)")

    assert report == [
        BrokenLink("/nie-ma-strony/", "na portalu nie ma takiej strony"),
        BrokenLink("/kategoria/nie-ma/", "nie ma kategorii „nie-ma”"),
    ]


def test_images_that_readers_would_not_get_are_reported(make_article):
    image = make_image()

    report = _report(
        make_article,
        f"{image.markdown} ![Brak](/media/kb/{'0' * 64}.png) ![Obcy](https://example.com/a.png) "
        f'[oryginał](/media/kb/nie-ma.png) <img src="{image.url}">',
    )

    assert report == [
        BrokenLink("/media/kb/nie-ma.png", "na portalu nie ma takiego obrazu"),
        BrokenLink(f"/media/kb/{'0' * 64}.png", "na portalu nie ma takiego obrazu"),
        BrokenLink(
            "https://example.com/a.png",
            "obrazu spoza portalu czytelnicy nie zobaczą: wgraj go w „Obrazy” i wklej podany "
            "tam kod",
        ),
        BrokenLink(image.url, "obraz nie ma tekstu alternatywnego: ![opis](adres)"),
    ]
