"""What an image upload costs the web process: time and peak memory, by size and format.

    .venv/bin/python bench/image_upload.py [--megapixels 8.3 14.7 ...] [--formats PNG ...]

An upload is checked and stored in the web process that takes it (kb.images.inspect, then the
page-wide copy that kb.images.store makes), so the largest image the pixel limit lets through
sets how much memory and time one upload can take there. Each case runs in a child process of
its own, which reads the file, then measures: wall time of inspect + page copy, and how far the
process's peak RSS rose above its RSS before the upload (Linux's VmHWM, reset just before).

The files are made here, deterministically, as screenshots look (flat areas, window frames,
lines of "text"); one over KB_IMAGE_MAX_BYTES is made again in one flat colour. Without
--megapixels: a 4K screen (3840x2160), a 5K screen (5120x2880), the pixel limit in force less
one row, and 40 million (the old limit).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _screenshot(width: int, height: int, format: str, path: Path, *, flat: bool = False) -> int:
    """A screenshot-like image: windows with title bars and lines of dark marks on light
    backgrounds (or, ``flat``, one colour: the smallest file for its pixels, as a decompression
    bomb is); returns its size in bytes."""
    from PIL import Image, ImageDraw

    rng = random.Random(width * height)
    # A screenshot tool's PNG or lossless WebP has an alpha channel; a JPEG or lossy WebP not.
    mode = "RGB" if format in ("JPEG", "WEBP") else "RGBA"
    image = Image.new(mode, (width, height), (236, 239, 244))
    draw = ImageDraw.Draw(image)
    for _ in range(0 if flat else max(4, width * height // 400_000)):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randint(300, 1600), rng.randint(200, 1000)
        draw.rectangle((x, y, x + w, y + h), fill=(255, 255, 255), outline=(120, 120, 130))
        draw.rectangle((x, y, x + w, y + 28), fill=(40, 90, 160))
        for line in range(y + 40, y + h - 10, 18):
            left = x + 12
            while left < x + w - 40:
                word = rng.randint(12, 60)
                draw.rectangle((left, line, left + word, line + 9), fill=(30, 30, 30))
                left += word + 8
    options: dict[str, dict[str, object]] = {
        "PNG": {"optimize": True},
        "JPEG": {"quality": 90},
        "WEBP": {"quality": 90},
        "WEBP-LOSSLESS": {"lossless": True},
    }
    image.save(path, format=format.split("-")[0], **options[format])
    return path.stat().st_size


def _kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _child(path: str) -> None:
    _setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kb import images

    data = Path(path).read_bytes()
    upload = SimpleUploadedFile("upload", data)
    # The peak starts again from here ("5": reset VmHWM); getrusage's ru_maxrss would not, and
    # would carry the parent's peak over the fork.
    Path("/proc/self/clear_refs").write_text("5")
    before = _kib("VmRSS")
    start = time.perf_counter()
    inspected = images.inspect(upload)
    checked = time.perf_counter() - start
    images._page_copy(inspected)
    seconds = time.perf_counter() - start
    after = _kib("VmHWM")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "inspect_seconds": checked,
                "peak_growth_mb": (after - before) / 1024,
                "peak_mb": after / 1024,
            }
        )
    )


def _cases(megapixels: list[float] | None, limit: int) -> list[tuple[str, int, int]]:
    if megapixels:
        sizes = []
        for mp in megapixels:
            width = int(math.sqrt(mp * 1_000_000 * 16 / 9))
            sizes.append((f"{mp:g} MP", width, int(mp * 1_000_000) // width))
        return sizes
    width = 7680
    return [
        ("4K screen", 3840, 2160),
        ("5K screen", 5120, 2880),
        ("limit - 1 row", width, limit // width - 1),
        ("40 MP (old limit)", width, 40_000_000 // width - 1),
    ]


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, nargs="*")
    parser.add_argument("--formats", nargs="*", default=["PNG", "JPEG", "WEBP", "WEBP-LOSSLESS"])
    args = parser.parse_args()
    _setup()
    from django.conf import settings

    limit, max_bytes = settings.KB_IMAGE_MAX_PIXELS, settings.KB_IMAGE_MAX_BYTES
    print(f"KB_IMAGE_MAX_PIXELS {limit:,}, KB_IMAGE_MAX_BYTES {max_bytes:,}")
    header = f"{'case':<20}{'format':<15}{'content':<11}{'pixels':>12}{'file MB':>8}"
    print(f"{header}{'s':>7}{'peak +MB':>10}  result")
    with tempfile.TemporaryDirectory() as tmp:
        for name, width, height in _cases(args.megapixels, limit):
            for format in args.formats:
                path = Path(tmp) / f"{width}x{height}.{format.lower()}.img"
                size = _screenshot(width, height, format, path)
                content = "screenshot"
                if size > max_bytes:
                    size = _screenshot(width, height, format, path, flat=True)
                    content = "flat"
                run = subprocess.run(
                    [sys.executable, __file__, "--child", str(path)],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
                row = (
                    f"{name:<20}{format:<15}{content:<11}{width * height:>12,}{size / 2**20:>8.1f}"
                )
                if run.returncode != 0:
                    reason = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "?"
                    print(f"{row}{'':>7}{'':>10}  refused: {reason[:60]}")
                    continue
                figures = json.loads(run.stdout.strip().splitlines()[-1])
                print(
                    f"{row}{figures['seconds']:>7.2f}{figures['peak_growth_mb']:>10.0f}  "
                    f"stored (peak RSS {figures['peak_mb']:.0f} MB)"
                )


if __name__ == "__main__":
    main()
