from __future__ import annotations

from kb.models import Image
from tests.factories import add_revision, make_image


def test_deleting_an_image_a_revision_refers_to_is_refused(
    client, make_article, writer, media_root
):
    image = make_image()
    article = make_article(body="Bez obrazu.")
    # Only an old draft refers to it: revisions are kept for history and rollback all the same.
    add_revision(article, body=f"Zrzut: {image.markdown}")
    add_revision(article, body="Znowu bez obrazu.")
    client.force_login(writer)

    page = client.get(f"/admin/kb/image/{image.pk}/delete/")
    response = client.post(f"/admin/kb/image/{image.pk}/delete/", {"post": "yes"})

    assert "blad-403 v2" in page.content.decode()
    assert response.status_code == 200
    assert "blad-403 v2" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()
    assert (media_root / image.name).exists()


def test_the_bulk_delete_action_refuses_too(client, make_article, writer):
    used, unused = make_image(10, 10), make_image(20, 20)
    make_article(body=used.markdown)
    client.force_login(writer)

    client.post(
        "/admin/kb/image/",
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )

    assert Image.objects.count() == 2


def test_an_image_no_revision_refers_to_is_deleted_with_its_files(
    client, make_article, writer, media_root, django_capture_on_commit_callbacks
):
    image = make_image(2000, 100)
    make_article(body="Bez obrazu.")
    client.force_login(writer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/kb/image/{image.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not (media_root / image.name).exists()
    assert not (media_root / image.page_name).exists()
