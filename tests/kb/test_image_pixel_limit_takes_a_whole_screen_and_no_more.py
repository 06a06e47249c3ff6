"""The default pixel limit is what screenshots need, a whole 5K screen, and no more: checking
and storing an image happens in the web process, whose memory grows with every pixel
(bench/image_upload.py measures how much)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow

from kb import images


def _flat(width: int, height: int, format: str) -> SimpleUploadedFile:
    out = BytesIO()
    options = {"compress_level": 1} if format == "PNG" else {}
    Pillow.new("RGB", (width, height), (236, 239, 244)).save(out, format=format, **options)
    return SimpleUploadedFile("zrzut", out.getvalue())


def test_a_whole_5k_screen_is_taken():
    inspected = images.inspect(_flat(5120, 2880, "JPEG"))

    assert (inspected.width, inspected.height) == (5120, 2880)


def test_more_pixels_than_16_million_are_refused():
    with pytest.raises(ValidationError) as refused:
        images.inspect(_flat(5120, 3200, "PNG"))

    assert refused.value.messages == [
        "Obraz ma za dużo pikseli (5120 x 3200); najwięcej 16 milionów."
    ]
