"""What every browser test shares: Debian's Chromium (Playwright cannot download its own here),
skipped where it is missing, started headless with the flags this closed network needs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"

needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason=f"{CHROMIUM} is missing (apt-get install chromium)"
)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium; leaving the block stops Playwright and the browser with it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
