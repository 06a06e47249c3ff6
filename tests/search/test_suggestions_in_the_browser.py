"""Typing in the search box shows suggestions (htmx, debounced); Escape closes them."""

from __future__ import annotations

import pytest

from tests.browser import chromium, needs_chromium

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield browser.new_page()


def test_suggestions_appear_while_typing_and_close_on_escape(
    live_server, django_db_serialized_rollback, corpus, page
):
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
