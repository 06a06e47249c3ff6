"""Which uploads become images for articles, how they are kept, and how articles show them.

Only the bytes are believed: Pillow reads the format from the content, and only PNG, JPEG and
WebP pass (SVG can carry scripts). The size limits apply before anything is decoded, against
decompression bombs. What the metadata says about the writer is not kept (docs/writers.md).
Files are named by the SHA-256 of their content, so an address never shows other content.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from PIL import ExifTags, ImageOps, JpegImagePlugin, UnidentifiedImageError
from PIL import Image as Pillow

from kb.models import Image, Revision
from kb.rendering import ImageRef

# Pillow's format name: the stored file's extension and the content type it is served with.
FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
FOLDER = "kb/"
# A stored name after FOLDER, as _name makes it: the media route takes only these, so no other
# address (a NUL, which PostgreSQL refuses in text, included) reaches the database.
NAME_PATTERN = r"[0-9a-f]{64}\.(?:" + "|".join(ext for ext, _ in FORMATS.values()) + ")"
# Orientations (EXIF) in which a photo is stored turned by a quarter.
_QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Inspected:
    """An upload that passed: the bytes to store (without its metadata) and what Pillow read."""

    data: bytes
    format: str
    width: int
    height: int
    # The name the uploaded bytes themselves would have: a stored file (an original or a page
    # copy) downloaded and uploaded again is that image, though stripping may re-encode it.
    uploaded_name: str


class ImageInUse(Exception):
    """Revisions refer to the image; they stay in history, so it stays too."""


class AlreadyStored(Exception):
    """The same content was stored by another upload after ``existing`` looked."""

    def __init__(self, image: Image) -> None:
        super().__init__(image.name)
        self.image = image


def inspect(upload: File) -> Inspected:
    """The upload's content, if it is a PNG, JPEG or WebP image within the limits."""
    limit = settings.KB_IMAGE_MAX_BYTES
    too_big = ValidationError(
        _("Plik ma %(size)s; największy dozwolony to %(limit)s."),
        params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        code="too_big",
    )
    if (upload.size or 0) > limit:
        raise too_big
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    try:
        with Pillow.open(BytesIO(data), formats=list(FORMATS)) as image:
            # Every frame of an animation is decoded by the reader's browser.
            _check_pixels(image.width, image.height, getattr(image, "n_frames", 1))
            image.verify()
        # verify() leaves the image unusable; decoding it whole proves the file is complete.
        with Pillow.open(BytesIO(data), formats=list(FORMATS)) as image:
            image.load()
            # A phone's MPO is a JPEG whose first picture is the one browsers show; the others
            # (previews, depth maps) are left out with the metadata.
            format = "JPEG" if image.format == "MPO" else str(image.format)
            if format != "JPEG" and getattr(image, "n_frames", 1) > 1:
                kept = _animation_without_metadata(data, format)
                return Inspected(kept, format, image.width, image.height, _name(data, format))
            return _without_metadata(image, format, data)
    except Pillow.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _(
                "To nie jest obraz PNG, JPEG ani WebP (liczy się zawartość pliku, nie nazwa). "
                "Inne formaty, także SVG, nie są przyjmowane: zapisz zrzut ekranu jako PNG."
            ),
            code="not_an_image",
        ) from exc


def _without_metadata(image: Pillow.Image, format: str, data: bytes) -> Inspected:
    """The image encoded again in its format with nothing but what shows: the same input gives
    the same bytes, so the same photo uploaded twice gets the same name."""
    options: dict[str, Any] = {"icc_profile": image.info.get("icc_profile")}
    if format == "JPEG":
        # The original's quantisation tables and subsampling (Pillow's quality="keep", which
        # needs the file itself, not the turned copy): a second encoding adds little loss.
        quantization = getattr(image, "quantization", None)
        if quantization:
            options["qtables"] = quantization
        else:
            options["quality"] = 95
        options["subsampling"] = JpegImagePlugin.get_sampling(image)
        options["comment"] = b""  # Pillow would copy the JPEG comment over otherwise
    elif format == "PNG":
        options["optimize"] = True  # lossless; transparency is copied over by Pillow
    elif _is_lossless_webp(data):
        options["lossless"] = True
    else:
        options["quality"] = 90
    # In place: a copy would hold a second bitmap as large as the first for the whole encoding.
    ImageOps.exif_transpose(image, in_place=True)
    out = BytesIO()
    image.save(out, format=format, **options)
    return Inspected(out.getvalue(), format, image.width, image.height, _name(data, format))


def _is_lossless_webp(data: bytes) -> bool:
    """Whether the first image chunk is VP8L (lossless); a lossy image has VP8, preceded by ALPH
    if it has transparency."""
    coded = (kind for kind, _ in _webp_chunks(data, 12) if kind in (b"VP8 ", b"VP8L", b"ALPH"))
    return next(coded, None) == b"VP8L"


# The chunks a browser draws an animation with; anything else (text, EXIF, XMP, times, a tool's
# own chunks) is metadata to leave out. PNG: https://www.w3.org/TR/png-3/, WebP: RFC 9649.
_PNG_DRAWN = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"cICP", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip
_WEBP_DRAWN = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"}
# VP8X's flags announcing EXIF (0x08) and XMP (0x04) chunks, which are left out.
_VP8X_METADATA_FLAGS = 0x0C


def _animation_without_metadata(data: bytes, format: str) -> bytes:
    """The animation with only its drawn chunks, each as uploaded: encoding it again would have to
    carry every frame's timing and blending. Pillow has read the whole file, so it is sound."""
    if format == "PNG":
        chunks = (chunk for kind, chunk in _png_chunks(data) if kind in _PNG_DRAWN)
        return data[:8] + b"".join(chunks)
    kept = []
    for kind, chunk in _webp_chunks(data, 12, 8 + int.from_bytes(data[4:8], "little")):
        if kind not in _WEBP_DRAWN:
            continue
        if kind == b"VP8X":
            chunk = chunk[:8] + bytes([chunk[8] & ~_VP8X_METADATA_FLAGS]) + chunk[9:]
        elif kind == b"ANMF":
            # A frame: 16 bytes of placement and timing, then its image chunks and any unknown.
            inner = (c for k, c in _webp_chunks(chunk, 24) if k in _WEBP_DRAWN)
            frame = chunk[8:24] + b"".join(inner)
            chunk = kind + len(frame).to_bytes(4, "little") + frame
        kept.append(chunk)
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Each chunk's type and whole bytes (length, type, data, checksum), up to IEND."""
    offset = 8
    while offset + 12 <= len(data):
        end = offset + 12 + int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        yield kind, data[offset:end]
        if kind == b"IEND":
            return
        offset = end


def _webp_chunks(data: bytes, offset: int, end: int | None = None) -> Iterator[tuple[bytes, bytes]]:
    """Each RIFF chunk's type and whole bytes (type, size, data, padding to an even size)."""
    end = len(data) if end is None else min(end, len(data))
    while offset + 8 <= end:
        size = int.from_bytes(data[offset + 4 : offset + 8], "little")
        chunk_end = offset + 8 + size + size % 2
        yield data[offset : offset + 4], data[offset:chunk_end]
        offset = chunk_end


def _check_pixels(width: int, height: int, frames: int) -> None:
    if width * height * frames > settings.KB_IMAGE_MAX_PIXELS:
        raise _too_many_pixels(width, height) if frames == 1 else _too_many_pixels()


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    return ValidationError(
        _("Obraz ma za dużo pikseli%(size)s; najwięcej %(limit)s milionów."),
        params={
            "size": f" ({width} x {height})" if width and height else "",
            "limit": f"{settings.KB_IMAGE_MAX_PIXELS / 1_000_000:g}",
        },
        code="too_many_pixels",
    )


def existing(inspected: Inspected) -> Image | None:
    """The image stored with this content, or whose page copy it is: no second row ever owns (and
    on deletion removes) another image's file."""
    return _holding(_name(inspected.data, inspected.format)) or _holding(inspected.uploaded_name)


def _holding(name: str) -> Image | None:
    found = list(Image.objects.filter(Q(name=name) | Q(page_name=name)))
    return next((image for image in found if image.name == name), found[0] if found else None)


def store(image: Image, inspected: Inspected, user: Any, now: datetime | None = None) -> Image:
    """Write the file (and a page-wide copy if needed) and save ``image`` with its alt text."""
    page = _page_copy(inspected)
    image.name = _put(inspected.data, inspected.format)
    image.page_name = _put(page.data, page.format) if page is not inspected else image.name
    image.content_type = FORMATS[inspected.format][1]
    image.width, image.height = inspected.width, inspected.height
    image.page_width, image.page_height = page.width, page.height
    image.size = len(inspected.data)
    image.uploaded_by = user
    image.uploaded_at = now or timezone.now()
    try:
        # A savepoint: after the clash PostgreSQL answers the lookup below only if it is undone.
        with transaction.atomic():
            image.save()
    except IntegrityError:
        same = _holding(image.name)
        if same is None:
            raise
        raise AlreadyStored(same) from None
    return image


def _page_copy(inspected: Inspected) -> Inspected:
    """What the article page shows: the original, unless it is wider than the page or turned by
    its EXIF orientation (browsers turn it, so its width and height would be the wrong way)."""
    with Pillow.open(BytesIO(inspected.data)) as image:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        turned = orientation in _QUARTER_TURNS
        width = inspected.height if turned else inspected.width
        if width <= settings.KB_IMAGE_PAGE_WIDTH and orientation == 1:
            return inspected
        ImageOps.exif_transpose(image, in_place=True)
        copy: Pillow.Image = image
        if copy.mode not in ("RGB", "RGBA", "L"):
            # A palette (an optimised PNG) would be resized pixel by pixel, 16-bit not at all.
            copy = copy.convert("RGB" if inspected.format == "JPEG" else "RGBA")
        if copy.width > settings.KB_IMAGE_PAGE_WIDTH:
            copy.thumbnail((settings.KB_IMAGE_PAGE_WIDTH, copy.height), Pillow.Resampling.LANCZOS)
        out = BytesIO()
        options: dict[str, Any] = (
            {"optimize": True} if inspected.format == "PNG" else {"quality": 85}
        )
        copy.save(out, format=inspected.format, **options)
        data = out.getvalue()
        return Inspected(
            data, inspected.format, copy.width, copy.height, _name(data, inspected.format)
        )


def _name(data: bytes, format: str) -> str:
    return f"{FOLDER}{hashlib.sha256(data).hexdigest()}.{FORMATS[format][0]}"


def _put(data: bytes, format: str) -> str:
    name = _name(data, format)
    # The same name holds the same bytes: a file left by an earlier, deleted upload is reused.
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            # The same upload at the same moment wrote the name first; the storage kept both.
            default_storage.delete(saved)
    return name


def revisions_using(image: Image) -> QuerySet[Revision]:
    """Every revision, published or not, old or new, whose text refers to ``image``."""
    return Revision.objects.filter(
        Q(body__contains=image.url) | Q(body__contains=image.page_url)
    ).select_related("article")


def delete_image(image: Image) -> None:
    """Delete ``image`` and its files, unless a revision refers to it."""
    using = list(revisions_using(image))
    if using:
        raise ImageInUse(", ".join(str(revision) for revision in using))
    names = {image.name, image.page_name}
    image.delete()

    # The files go once the row is surely gone; a failed delete leaves only an unused file. One
    # that another image uses (a page copy uploaded as an image of its own) stays.
    def delete_files() -> None:
        used = Image.objects.filter(Q(name__in=names) | Q(page_name__in=names))
        kept = {name for row in used.values_list("name", "page_name") for name in row}
        for name in names - kept:
            default_storage.delete(name)

    transaction.on_commit(delete_files)


def by_url(urls: list[str]) -> dict[str, Image]:
    """The stored images among ``urls`` (originals or page copies), by their URL."""
    names = [url[len(settings.MEDIA_URL) :] for url in urls if is_own(url)]
    if not names:
        return {}
    wanted = set(urls)
    found = Image.objects.filter(Q(name__in=names) | Q(page_name__in=names))
    return {url: image for image in found for url in (image.url, image.page_url) if url in wanted}


def is_own(src: str) -> bool:
    return src.startswith(settings.MEDIA_URL + FOLDER)


def shown(refs: Sequence[ImageRef]) -> list[tuple[int, int, str]]:
    """(start, end, HTML) for the images of a rendered article, as readers get them: ours as the
    page copy with its size, linked to a larger original. Another site's shows its alt text only:
    the portal answers for what its pages show, and that address may change or track readers."""
    stored = by_url([ref.src for ref in refs])
    pieces = []
    for ref in refs:
        image = stored.get(ref.src)
        if not is_own(ref.src):
            pieces.append((ref.start, ref.end, html.escape(ref.alt)))
        elif image is not None:
            pieces.append((ref.start, ref.end, _tag(ref, image)))
    return pieces


def _tag(ref: ImageRef, image: Image) -> str:
    tag = format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy"{}>',
        image.page_url,
        ref.alt,
        image.page_width,
        image.page_height,
        format_html(' title="{}"', ref.title) if ref.title else "",
    )
    if ref.linked or image.page_name == image.name:
        return tag
    return format_html('<a href="{}" title="{}">{}</a>', image.url, _("Pełny rozmiar"), tag)
