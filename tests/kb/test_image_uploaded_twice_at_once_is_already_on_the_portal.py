from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from kb import images
from kb.models import Image
from tests.factories import T0, image_bytes


def _upload(client, alt):  # type: ignore[no-untyped-def]
    return client.post(
        "/admin/kb/image/add/",
        {"upload": SimpleUploadedFile("zrzut.png", image_bytes(2000, 100)), "alt": alt},
        follow=True,
    )


def test_the_second_of_two_simultaneous_uploads_points_to_the_first(client, writer):
    client.force_login(writer)
    _upload(client, "Pierwszy opis")
    first = Image.objects.get()

    # The first upload committed after the second one looked for the same image.
    with mock.patch("kb.images.existing", return_value=None):
        response = _upload(client, "Drugi opis")

    assert response.redirect_chain == [(f"/admin/kb/image/{first.pk}/change/", 302)]
    assert f"Ten obraz już jest w portalu; wklej: {first.markdown}" in response.content.decode()
    assert list(Image.objects.values_list("pk", "alt")) == [(first.pk, "Pierwszy opis")]


def test_storing_an_image_stored_meanwhile_raises_with_the_stored_one(db):
    inspected = images.inspect(SimpleUploadedFile("zrzut", image_bytes()))
    first = images.store(Image(alt="Pierwszy"), inspected, user=None, now=T0)

    with pytest.raises(images.AlreadyStored) as raised:
        images.store(Image(alt="Drugi"), inspected, user=None, now=T0)

    assert raised.value.image == first
    assert Image.objects.get() == first


def test_a_file_written_meanwhile_by_the_same_upload_is_used_as_is(db, media_root, monkeypatch):
    inspected = images.inspect(SimpleUploadedFile("zrzut", image_bytes(2000, 100)))
    first = images.store(Image(alt="Pierwszy"), inspected, user=None, now=T0)
    Image.objects.all().delete()  # its files stay, as if its row were not committed yet
    # Both uploads found no file before either wrote it; the storage itself still looks.
    looked: set[str] = set()

    def exists_once_missing(storage: FileSystemStorage, name: str) -> bool:
        if name not in looked:
            looked.add(name)
            return False
        return (media_root / name).exists()

    monkeypatch.setattr(FileSystemStorage, "exists", exists_once_missing)

    second = images.store(Image(alt="Drugi"), inspected, user=None, now=T0)

    assert (second.name, second.page_name) == (first.name, first.page_name)
    assert sorted(p.name for p in (media_root / "kb").iterdir()) == sorted(
        n[3:] for n in (first.name, first.page_name)
    )
