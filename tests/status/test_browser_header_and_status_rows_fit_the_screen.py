"""In headless Chromium: the header is one line on a laptop (with and without JavaScript) and
three tidy lines on a phone on every kind of page, and /stan-ksef/'s environment rows are all
above the fold of a 1280x800 laptop and a 390x844 phone, with no serious accessibility fault."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from portal.latarnia.models import LatarniaReading
from tests.browser import chromium, needs_chromium
from tests.checks.factories import make_check, make_propagated_check
from tests.checks.test_browser_check_page_reads_well_everywhere import BLOCKING, audit
from tests.status.conftest import START

pytestmark = [pytest.mark.browser, needs_chromium]

PAGES = {
    "home": "/",
    "article": "/artykul/blad-403-sessions-online/",
    "search": "/szukaj/?q=propagacja",
    "check form": "/sprawdz-sesje/",
    "status": "/stan-ksef/",
    "error-link landing": (
        "/pomoc/blad/?status=403&reason=missing-permissions&endpoint=/sessions/online"
    ),
    "integrators": "/pomoc/dla-integratorow/",
    "english status": "/en/stan-ksef/",
}
# Each box as {top, bottom, middle}: the header's parts and /stan-ksef/'s rows.
BOXES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, middle: (r.top + r.bottom) / 2}; };
  const one = (selector) => { const e = document.querySelector(selector); return e && box(e); };
  return {
    brand: one('.site-header .brand'),
    nav: one('.site-header .nav'),
    search: one('.site-header .search-box'),
    language: one('.site-header .lang-switch'),
    navItems: [...document.querySelectorAll('.site-header .nav li')].map(box),
    rows: [...document.querySelectorAll('.status-row')].map(box),
    width: document.documentElement.scrollWidth,
  };
}"""


def _on_one_line(parts: list[dict[str, float] | None]) -> bool:
    middles = [part["middle"] for part in parts if part is not None]
    return max(middles) - min(middles) <= 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_header_is_one_line_on_a_laptop_and_the_rows_are_above_the_fold(live_server, settings):
    settings.KSEF_ENVIRONMENTS = ["test", "demo", "prod"]
    for env in ("demo", "prod"):
        LatarniaReading.objects.create(
            environment=env, status="AVAILABLE", read_at=START, since=START - timedelta(days=1)
        )
    for minutes in (2, 4, 6, 8, 30):
        make_propagated_check(START - timedelta(hours=1), minutes, env="prod")
    pages = {**PAGES, "check page": f"/sprawdz-sesje/{make_check(START).public_id}/"}
    measured: dict[tuple[str, int, bool], dict[str, Any]] = {}
    violations: dict[str, list[dict[str, Any]]] = {}

    with chromium() as browser:
        try:
            for script in (True, False):
                context = browser.new_context(java_script_enabled=script)
                page = context.new_page()
                for width, height in ((1280, 800), (390, 844)):
                    page.set_viewport_size({"width": width, "height": height})
                    for name, path in pages.items():
                        page.goto(live_server.url + path)
                        measured[name, width, script] = page.evaluate(BOXES)
                        if name == "status" and script:
                            audit(page, f"status at {width}", violations)
                context.close()
        finally:
            browser.close()

    for (name, width, script), boxes in measured.items():
        where = f"{name} at {width} px, JavaScript {'on' if script else 'off'}"
        assert boxes["width"] <= width, where
        header = [boxes["brand"], boxes["nav"], boxes["search"], boxes["language"]]
        if width == 1280:
            assert _on_one_line(header), where
            assert boxes["language"]["top"] < boxes["nav"]["bottom"], where
        else:
            assert _on_one_line([boxes["brand"], boxes["language"]]), where
            assert boxes["nav"]["top"] >= boxes["brand"]["bottom"], where
            assert len({item["top"] for item in boxes["navItems"]}) == 1, where
        if name == "status":
            assert len(boxes["rows"]) == 3, where
            assert boxes["rows"][-1]["bottom"] <= (800 if width == 1280 else 844), where
    assert measured["status", 1280, True]["rows"][0]["bottom"] < 400
    blocking = {
        name: [f"{v['id']}: {v['help']}" for v in items if v["impact"] in BLOCKING]
        for name, items in violations.items()
    }
    assert blocking == {"status at 1280": [], "status at 390": []}
