"""In headless Chromium: the rendered text beside the editor follows what the writer types."""

from __future__ import annotations

import pytest

from tests.browser import chromium, needs_chromium
from tests.factories import add_revision

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typing_in_the_editor_updates_the_preview_without_reloading(
    live_server, client, make_article, writer
):
    article = make_article()
    add_revision(article, writer, body="## Przyczyny {#causes}\n\nBrak uprawnień.")
    client.force_login(writer)
    session = client.cookies["sessionid"].value

    with chromium() as browser:
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
            page = context.new_page()
            problems: list[str] = []
            page.on("console", lambda message: problems.append(message.text))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(f"{live_server.url}/admin/kb/article/{article.pk}/change/")
            assert page.inner_text("#kb-live-preview h2") == "Przyczyny#"
            # Side by side, not on top of each other (admin's own CSS sizes large text fields).
            editor = page.locator("#id_body").bounding_box()
            preview = page.locator("#kb-live-preview").bounding_box()
            assert editor is not None and preview is not None
            assert editor["x"] + editor["width"] <= preview["x"]
            page.evaluate("window.__samePage = true")

            page.click("#id_body")
            page.keyboard.press("Control+End")
            page.keyboard.type("\n\n## Nowa sekcja\n\nTekst <script>window.__ran = 1</script>")

            page.wait_for_selector("#kb-live-preview h2:has-text('Nowa sekcja')", timeout=15_000)
            assert page.evaluate("window.__samePage") is True
            assert page.evaluate("window.__ran") is None
            assert page.locator("#kb-live-preview script").count() == 0
            assert "Tekst" in page.inner_text("#kb-live-preview")
            assert not [text for text in problems if "Content Security Policy" in text]
        finally:
            browser.close()
