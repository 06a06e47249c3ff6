"""Typing in the search box shows suggestions (htmx, debounced); Escape closes them."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium"),
]


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


def test_suggestions_appear_while_typing_and_close_on_escape(live_server, corpus, page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/szukaj/")

    page.type("#header-search-q", "nadawanie upraw", delay=20)
    suggestion = page.wait_for_selector("#header-search-suggestions li a", timeout=15_000)

    assert suggestion.get_attribute("href") == "/artykul/nadawanie-uprawnien/"
    assert "<mark>uprawnień</mark>" in suggestion.inner_html()
    page.keyboard.press("Escape")
    assert page.locator("#header-search-suggestions li").count() == 0
    assert errors == []
