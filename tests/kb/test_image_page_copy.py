from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow

from kb import images
from kb.models import Image
from tests.factories import make_image


def test_a_wide_image_gets_a_page_wide_copy_that_the_article_shows(
    client, make_article, media_root
):
    image = make_image(3200, 1000, "JPEG", alt="Lista uprawnień")
    make_article(body=f"Tak wygląda lista:\n\n{image.markdown}\n")

    assert image.page_name != image.name
    assert image.page_name.startswith("kb/") and image.page_name.endswith(".jpg")
    assert (image.page_width, image.page_height) == (1600, 500)
    with Pillow.open(BytesIO((media_root / image.page_name).read_bytes())) as copy:
        assert (copy.format, copy.size) == ("JPEG", (1600, 500))
    body = client.get("/artykul/blad-403/").content.decode()
    assert (
        f'<a href="/media/{image.name}" title="Pełny rozmiar"><img src="/media/{image.page_name}" '
        'alt="Lista uprawnień" width="1600" height="500" loading="lazy"></a>'
    ) in body


def test_a_narrow_image_is_shown_itself_with_its_size(client, make_article):
    image = make_image(800, 600, alt="Okno")
    make_article(body=f'![Okno]({image.url} "Podpis")')

    body = client.get("/artykul/blad-403/").content.decode()

    assert image.page_name == image.name
    assert (
        f'<img src="/media/{image.name}" alt="Okno" width="800" height="600" loading="lazy" '
        'title="Podpis">'
    ) in body


def test_an_image_that_is_itself_a_link_is_not_wrapped_in_another(client, make_article):
    image = make_image(2000, 100)
    make_article(body=f"[![Okno]({image.url})](/artykul/inny/)")

    body = client.get("/artykul/blad-403/").content.decode()

    assert (
        '<a href="/artykul/inny/" rel="noopener noreferrer">'
        f'<img src="/media/{image.page_name}" alt="Okno" width="1600" height="80" '
        'loading="lazy"></a>'
    ) in body


def test_a_wide_palette_png_is_resized_in_full_colour(db, media_root):
    out = BytesIO()
    Pillow.new("RGB", (2400, 60), (10, 120, 200)).convert("P").save(out, format="PNG")
    upload = SimpleUploadedFile("paleta.png", out.getvalue())

    image = images.store(Image(alt="Paleta"), images.inspect(upload), user=None)

    with Pillow.open(media_root / image.page_name) as copy:
        assert (copy.mode, copy.size) == ("RGBA", (1600, 40))
