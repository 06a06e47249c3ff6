from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from kb import images
from kb.models import Image
from tests.factories import T0, make_image


def _store(data: bytes, alt: str = "Kopia") -> Image:
    # Straight to the store step, as an upload from before existing() knew page copies was.
    inspected = images.inspect(SimpleUploadedFile("kopia", data))
    return images.store(Image(alt=alt), inspected, user=None, now=T0)


def test_uploading_an_images_page_copy_points_to_that_image(client, writer, media_root):
    wide = make_image(2000, 100)
    page_copy = (media_root / wide.page_name).read_bytes()
    client.force_login(writer)

    response = client.post(
        "/admin/kb/image/add/",
        {"upload": SimpleUploadedFile("kopia.png", page_copy), "alt": "Kopia"},
    )

    assert response.status_code == 200
    assert f"Ten obraz już jest w portalu; wklej: {wide.markdown}" in response.content.decode()
    assert Image.objects.get() == wide


def test_deleting_an_image_keeps_a_file_another_image_shows_as_its_page_copy(
    db, media_root, django_capture_on_commit_callbacks
):
    wide = make_image(2000, 100)
    copy = _store((media_root / wide.page_name).read_bytes())
    assert copy.name == wide.page_name

    with django_capture_on_commit_callbacks(execute=True):
        images.delete_image(copy)

    assert (media_root / wide.name).exists()
    assert (media_root / wide.page_name).exists()


def test_deleting_an_image_keeps_its_page_copy_while_another_image_is_that_file(
    db, media_root, django_capture_on_commit_callbacks
):
    wide = make_image(2000, 100)
    copy = _store((media_root / wide.page_name).read_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        images.delete_image(wide)

    assert not (media_root / wide.name).exists()
    assert (media_root / copy.name).exists()


def test_the_last_image_using_a_file_takes_it_along(
    db, media_root, django_capture_on_commit_callbacks
):
    wide = make_image(2000, 100)
    copy = _store((media_root / wide.page_name).read_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        images.delete_image(copy)
        images.delete_image(wide)

    assert not Image.objects.exists()
    assert list((media_root / "kb").iterdir()) == []
