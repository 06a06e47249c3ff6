from __future__ import annotations

import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, ImageCms, PngImagePlugin
from PIL import Image as Pillow

from kb import images
from kb.models import Image
from tests.factories import T0

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _photo(format: str = "JPEG", size: tuple[int, int] = (40, 30), **options: object) -> bytes:
    """A photo as a phone saves it: the left half red, the right half blue, with a position."""
    picture = Pillow.new("RGB", size, (0, 0, 230))
    picture.paste((230, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Pillow.Exif()
    exif[ExifTags.Base.Make] = "Telefon"
    exif[ExifTags.Base.BodySerialNumber] = "SN-123456"
    exif[ExifTags.Base.DateTimeOriginal] = "2026:11:30 12:00:00"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (52.0, 13.0, 0.0)
    out = BytesIO()
    picture.save(out, format=format, exif=exif, **options)
    return out.getvalue()


def _store(data: bytes) -> tuple[Image, Pillow.Image]:
    image = images.store(
        Image(alt="Zdjęcie"), images.inspect(SimpleUploadedFile("x", data)), user=None, now=T0
    )
    stored = Pillow.open(images.default_storage.open(image.name))
    stored.load()
    return image, stored


def test_a_photo_is_stored_without_its_position_camera_and_time(db, media_root):
    data = _photo(comment=b"Warszawa, ul. Prosta 1", xmp=b"<x:xmpmeta>autor</x:xmpmeta>")
    with Pillow.open(BytesIO(data)) as uploaded:
        assert uploaded.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload has a position

    image, stored = _store(data)

    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert not {"exif", "comment", "xmp"} & set(stored.info)
    assert b"Telefon" not in (media_root / image.name).read_bytes()
    assert b"Warszawa" not in (media_root / image.name).read_bytes()


def test_a_png_is_stored_without_its_text_chunks_and_exif(db, media_root):
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jan Kowalski")
    text.add_text("Comment", "C:\\Users\\jan\\Pulpit", zip=True)
    text.add_itxt("Description", "zrzut z narzędzia")
    data = _photo("PNG", pnginfo=text)

    image, stored = _store(data)

    assert stored.format == "PNG"
    assert stored.text == {}  # type: ignore[attr-defined]
    assert not stored.getexif()
    assert b"Kowalski" not in (media_root / image.name).read_bytes()
    # PNG is stored losslessly.
    with Pillow.open(BytesIO(data)) as uploaded:
        assert stored.tobytes() == uploaded.convert(stored.mode).tobytes()


def test_a_photo_taken_sideways_is_stored_upright(db):
    exif = Pillow.Exif()
    exif[ExifTags.Base.Orientation] = 6  # turn a quarter clockwise to show it
    picture = Pillow.new("RGB", (40, 30), (0, 0, 230))
    picture.paste((230, 0, 0), (0, 0, 20, 30))
    out = BytesIO()
    picture.save(out, format="JPEG", exif=exif)

    image, stored = _store(out.getvalue())

    assert (image.width, image.height, image.page_width, image.page_height) == (30, 40, 30, 40)
    assert image.page_name == image.name
    assert stored.size == (30, 40)
    assert ExifTags.Base.Orientation not in stored.getexif()
    # The left half (red) is now on top.
    top, bottom = stored.convert("RGB").getpixel((15, 5)), stored.convert("RGB").getpixel((15, 35))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]  # type: ignore[index]


def test_a_multi_picture_jpeg_from_a_phone_is_stored_as_its_first_picture(db, media_root):
    data = _photo("MPO", save_all=True, append_images=[Pillow.new("RGB", (40, 30))])

    image, stored = _store(data)

    assert (image.name.endswith(".jpg"), image.content_type) == (True, "image/jpeg")
    assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)
    assert not stored.getexif()
    assert stored.convert("RGB").getpixel((5, 5))[0] > 200  # type: ignore[index]


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_the_colour_profile_is_kept(db, format):
    _image, stored = _store(_photo(format, icc_profile=SRGB))

    assert stored.info.get("icc_profile") == SRGB
    assert not stored.getexif()


def test_a_lossless_webp_stays_lossless(db):
    data = _photo("WEBP", lossless=True)

    _image, stored = _store(data)

    assert not stored.getexif()
    with Pillow.open(BytesIO(data)) as uploaded:
        assert stored.tobytes() == uploaded.tobytes()


def test_the_same_photo_uploaded_twice_is_found_on_the_portal(client, writer, media_root):
    client.force_login(writer)
    data = _photo(size=(2000, 100))

    def upload(alt: str):  # type: ignore[no-untyped-def]
        return client.post(
            "/admin/kb/image/add/", {"upload": SimpleUploadedFile("IMG_0001.jpg", data), "alt": alt}
        )

    upload("Pierwszy opis")
    response = upload("Drugi opis")

    first = Image.objects.get()
    assert f"Ten obraz już jest w portalu; wklej: {first.markdown}" in response.content.decode()
    with Pillow.open(media_root / first.name) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize("kind", ["name", "page_name"])
def test_a_stored_file_uploaded_again_is_found_on_the_portal(db, media_root, kind):
    image, _stored = _store(_photo(size=(2000, 100)))
    again = SimpleUploadedFile("pobrany.jpg", (media_root / getattr(image, kind)).read_bytes())

    assert images.existing(images.inspect(again)) == image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _animation(format: str) -> bytes:
    """Three frames a tool saved with its writer's name, EXIF from a phone, XMP and, in PNG, the
    time and a private chunk of its own after the last frame."""
    frames = [Pillow.new("RGB", (20, 20), (i * 80, 0, 200 - i * 60)) for i in range(3)]
    exif = Pillow.Exif()
    exif[ExifTags.Base.Make] = "Telefon"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (52.0, 13.0, 0.0)
    xmp = "<x:xmpmeta>Jan Kowalski</x:xmpmeta>"
    options: dict[str, object] = {"exif": exif, "icc_profile": SRGB}
    if format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "Jan Kowalski")
        text.add_itxt("XML:com.adobe.xmp", xmp)
        options["pnginfo"] = text
    else:
        options["xmp"] = xmp.encode()
    out = BytesIO()
    frames[0].save(
        out,
        format=format,
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        **options,
    )
    data = out.getvalue()
    if format == "PNG":
        end = data.rindex(b"IEND") - 4
        extra = _chunk(b"tIME", bytes.fromhex("07ea0b1e0c0000")) + _chunk(b"prVt", b"Jan Kowalski")
        data = data[:end] + extra + data[end:]
    return data


def _frames(image: Pillow.Image) -> list[tuple[bytes, int]]:
    found = []
    for index in range(image.n_frames):  # type: ignore[attr-defined]
        image.seek(index)
        found.append((image.convert("RGB").tobytes(), image.info["duration"]))
    return found


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_an_animation_is_stored_without_its_metadata_and_with_its_frames_as_uploaded(
    db, media_root, format
):
    data = _animation(format)
    assert b"Kowalski" in data and b"Telefon" in data

    image, stored = _store(data)

    kept = (media_root / image.name).read_bytes()
    assert b"Kowalski" not in kept and b"Telefon" not in kept
    assert not stored.getexif()
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "Author"} & set(stored.info)
    assert stored.info.get("icc_profile") == SRGB
    with Pillow.open(BytesIO(data)) as uploaded:
        assert _frames(stored) == _frames(uploaded)
    # Not encoded again: the frames' compressed data is the upload's, byte for byte.
    frames = _frame_data(data, format)
    assert len(frames) >= 3 and all(frame in kept for frame in frames)


def _frame_data(data: bytes, format: str) -> list[bytes]:
    """The compressed frames: PNG's IDAT and fdAT chunks (length before the type, big-endian),
    WebP's VP8 and VP8L chunks (size after the type, little-endian)."""
    if format == "PNG":
        kinds, size_at, data_at, order = (b"IDAT", b"fdAT"), -4, 4, "big"
    else:
        kinds, size_at, data_at, order = (b"VP8 ", b"VP8L"), 4, 8, "little"
    found = []
    for kind in kinds:
        start = data.find(kind)
        while start != -1:
            size = int.from_bytes(data[start + size_at : start + size_at + 4], order)  # type: ignore[arg-type]
            found.append(data[start + data_at : start + data_at + size])
            start = data.find(kind, start + 1)
    return found
