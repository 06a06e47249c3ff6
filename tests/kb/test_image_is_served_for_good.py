from __future__ import annotations

import pytest

from tests.factories import image_bytes, make_image

pytestmark = pytest.mark.django_db


def test_an_image_is_served_with_its_sniffed_type_a_long_cache_and_nosniff(client, media_root):
    image = make_image(50, 40, "WEBP")

    response = client.get(image.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (media_root / image.name).read_bytes()
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Through the middleware stack like any other response.
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_page_copy_is_served_too(client):
    image = make_image(2000, 100, "JPEG")

    response = client.get(image.page_url)

    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")


def test_an_unknown_image_or_a_file_outside_the_images_is_not_found(client, media_root):
    image = make_image()
    (media_root / "kb" / "obcy.png").write_bytes(image_bytes())

    assert client.get("/media/kb/" + "0" * 64 + ".png").status_code == 404
    assert client.get("/media/kb/obcy.png").status_code == 404
    assert client.get(image.url.replace("/kb/", "/")).status_code == 404
    assert client.post(image.url).status_code == 405
