"""In headless Chromium: the page of a check waiting for its signed request works without
JavaScript (a plain link, a file field, the expiry written out), counts down with it, and passes
axe-core's accessibility rules."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, needs_chromium
from tests.checks.conftest import SIGNED_BY_NAME
from tests.checks.test_browser_check_page_reads_well_everywhere import BLOCKING, audit

pytestmark = [pytest.mark.browser, needs_chromium]

OK = SIGNED_BY_NAME["signed-ok"]


def test_the_signing_panel_works_without_javascript_counts_down_with_it_and_passes_axe(
    runner, simulator, tmp_path: Path
):
    check = runner.request_signature(OK.environment.value, OK.nip)
    url = f"{simulator.url}/sprawdz-sesje/{check.public_id}/"
    violations: dict[str, list[dict[str, Any]]] = {}

    with chromium() as browser:
        try:
            plain = browser.new_context(java_script_enabled=False, accept_downloads=True)
            page = plain.new_page()
            page.goto(url)
            assert "ważne do 10:10:00" in page.inner_text("#challenge-expiry")
            with page.expect_download() as download:
                page.click("text=Pobierz AuthTokenRequest.xml")
            saved = tmp_path / "AuthTokenRequest.xml"
            download.value.save_as(saved)
            assert page.locator("input[type=file][name=signed_file]").is_visible()

            scripted = browser.new_context()
            page = scripted.new_page()
            page.goto(url)
            first = page.inner_text(".countdown-clock")
            time.sleep(2.2)
            later = page.inner_text(".countdown-clock")
            audit(page, "check waiting for its signed request", violations)
        finally:
            browser.close()

    assert check.challenge.encode() in saved.read_bytes()
    assert first == "10:00"
    minutes, seconds = later.split(":")
    assert int(minutes) * 60 + int(seconds) < 600
    serious = [v["id"] for items in violations.values() for v in items if v["impact"] in BLOCKING]
    assert serious == []
