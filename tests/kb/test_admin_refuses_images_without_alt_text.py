from __future__ import annotations

from tests.factories import make_image


def _form(article, body):  # type: ignore[no-untyped-def]
    return {
        "slug": article.slug,
        "language": article.language,
        "category": article.category_id,
        "title": "Błąd 403",
        "summary": "Dlaczego KSeF odmawia otwarcia sesji.",
        "body": body,
        "change_note": "Zrzut ekranu",
    }


def test_saving_an_article_with_an_image_without_alt_text_is_refused(client, make_article, writer):
    article = make_article()
    image = make_image()
    client.force_login(writer)

    response = client.post(
        f"/admin/kb/article/{article.pk}/change/",
        _form(article, f'![Okno]({image.url})\n\n![ ]({image.url})\n\n<img src="/media/kb/b.png">'),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        f"Każdy obraz potrzebuje opisu: ![opis](adres). Brak opisu przy: {image.url}, "
        "/media/kb/b.png"
    ]
    assert article.revisions.count() == 1


def test_an_image_with_alt_text_is_saved(client, make_article, writer):
    article = make_article()
    image = make_image()
    client.force_login(writer)

    response = client.post(
        f"/admin/kb/article/{article.pk}/change/", _form(article, image.markdown)
    )

    assert response.status_code == 302
    assert article.revisions.count() == 2
