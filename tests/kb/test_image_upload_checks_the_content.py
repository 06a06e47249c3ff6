from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow

from kb.models import Image
from tests.factories import image_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _upload(client, name, data, alt="Okno logowania", content_type="image/png"):  # type: ignore[no-untyped-def]
    return client.post(
        "/admin/kb/image/add/",
        {"upload": SimpleUploadedFile(name, data, content_type=content_type), "alt": alt},
    )


@pytest.mark.parametrize(
    ("format", "extension", "content_type"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_writer_uploads_png_jpeg_and_webp_under_a_hashed_name(
    client, writer, media_root, format, extension, content_type
):
    client.force_login(writer)
    data = image_bytes(120, 80, format)

    # The name and the browser's type say nothing: the format is read from the bytes.
    response = _upload(client, "zrzut.bin", data, content_type="application/octet-stream")

    assert response.status_code == 302
    image = Image.objects.get()
    # What is stored is the image encoded again without its metadata, named by those bytes.
    stored = (media_root / image.name).read_bytes()
    assert image.name == f"kb/{hashlib.sha256(stored).hexdigest()}.{extension}"
    assert (image.content_type, image.width, image.height, image.size) == (
        content_type,
        120,
        80,
        len(stored),
    )
    assert (image.page_name, image.uploaded_by, image.alt) == (image.name, writer, "Okno logowania")
    with Pillow.open(BytesIO(stored)) as read:
        assert (read.format, read.size) == (format, (120, 80))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ikona.png", SVG),  # an SVG renamed to .png
        ("ikona.svg", SVG),
        ("notatka.png", b"To tylko tekst, nie obraz."),
        ("obraz.png", image_bytes(format="GIF")),
        ("ucięty.png", image_bytes(400, 300)[:200]),
    ],
)
def test_anything_but_png_jpeg_or_webp_is_refused(client, writer, name, data):
    client.force_login(writer)

    response = _upload(client, name, data)

    assert response.status_code == 200
    assert "To nie jest obraz PNG, JPEG ani WebP" in response.content.decode()
    assert not Image.objects.exists()


def test_a_file_over_the_byte_limit_is_refused(client, writer, settings):
    settings.KB_IMAGE_MAX_BYTES = 1000
    client.force_login(writer)

    response = _upload(client, "duzy.png", image_bytes(600, 400, "BMP")[:1001])

    assert "Plik ma 1001\xa0bajtów; największy dozwolony to 1000\xa0bajtów." in (
        response.content.decode()
    )
    assert not Image.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(client, writer, settings):
    settings.KB_IMAGE_MAX_PIXELS = 1_000_000
    client.force_login(writer)

    # 4000 x 3000 of one colour packs into a few kB: a decompression bomb in miniature.
    response = _upload(client, "bomba.png", image_bytes(4000, 3000))

    assert "Obraz ma za dużo pikseli (4000 x 3000); najwięcej 1 milionów." in (
        response.content.decode()
    )
    assert not Image.objects.exists()


def test_alt_text_is_required(client, writer):
    client.force_login(writer)

    response = _upload(client, "zrzut.png", image_bytes(), alt="")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["alt"] == ["To pole jest wymagane."]
    assert not Image.objects.exists()


def test_the_same_image_twice_points_to_the_first(client, writer):
    client.force_login(writer)
    _upload(client, "zrzut.png", image_bytes())

    response = _upload(client, "kopia.png", image_bytes(), alt="Drugi opis")

    first = Image.objects.get()
    assert f"Ten obraz już jest w portalu; wklej: {first.markdown}" in response.content.decode()


def test_the_change_page_shows_the_markdown_to_paste(client, writer):
    client.force_login(writer)
    _upload(client, "zrzut.png", image_bytes(), alt="Okno [logowania]")
    image = Image.objects.get()

    page = client.get(f"/admin/kb/image/{image.pk}/change/").content.decode()
    listing = client.get("/admin/kb/image/").content.decode()

    code = f'<code class="kb-image-markdown">![Okno (logowania)](/media/kb/{image.name[3:]})</code>'
    assert code in page
    assert code in listing


def test_the_pixel_limit_counts_every_frame_of_an_animation(client, writer, settings):
    settings.KB_IMAGE_MAX_PIXELS = 100_000
    frames = [Pillow.new("RGB", (200, 200), (i * 20, 0, 0)) for i in range(4)]
    out = BytesIO()
    frames[0].save(out, format="WEBP", save_all=True, append_images=frames[1:])
    client.force_login(writer)

    response = _upload(client, "animacja.webp", out.getvalue())

    assert "Obraz ma za dużo pikseli; najwięcej 0.1 milionów." in response.content.decode()
    assert not Image.objects.exists()
