"""In headless Chromium: a queued check's page on a laptop and a phone, with its place in the
queue and the expected wait, passing axe-core's rules (screenshots kept for review)."""

from __future__ import annotations

import pytest

from tests.browser import chromium, needs_chromium
from tests.checks.conftest import START
from tests.checks.factories import make_load
from tests.checks.test_browser_check_page_reads_well_everywhere import (
    BLOCKING,
    SCREENSHOTS,
    audit,
)

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_queued_check_page_shows_its_place_and_wait_on_a_laptop_and_a_phone(
    live_server, simulated_clock
):
    # An incident: sixteen attempts running, 5.5 s each lately, and this check 24th in line.
    queued = make_load(START, running=16, queued=24, attempt_seconds=5.5)
    SCREENSHOTS.mkdir(exist_ok=True)
    violations: dict = {}  # type: ignore[type-arg]

    with chromium() as browser:
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{live_server.url}/sprawdz-sesje/{queued[-1].public_id}/")
            line = page.inner_text("#check-queue")
            audit(page, "queued check page", violations)
            page.screenshot(path=SCREENSHOTS / "check-page-queued-1280.png")
            page.set_viewport_size({"width": 390, "height": 844})
            phone_width = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=SCREENSHOTS / "check-page-queued-390.png")
        finally:
            browser.close()

    # 24 x 5.5 s / 16 = 8.25 s, rounded up to 10 s.
    assert line == "W kolejce: miejsce 24. Szacowany czas oczekiwania: ok. 10 s."
    assert phone_width <= 390
    print(f"\nScreenshots for review: {SCREENSHOTS}")
    blocking = [f"{v['id']}: {v['help']}" for v in violations["queued check page"]]
    assert [v for v in violations["queued check page"] if v["impact"] in BLOCKING] == [], blocking
