"""In headless Chromium: the check's page for a person in a hurry (verdict first, earlier
attempts folded, a summary to paste), on a phone and on paper, and axe-core's accessibility
rules on every kind of page a user meets on the way."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from portal.checks.models import Outcome, SessionCheck
from portal.simulator.installing import install_scenarios
from portal.simulator.scenarios import BY_NAME
from tests.browser import chromium, needs_chromium
from tests.checks.test_browser_check_page_updates_live import check_worker  # noqa: F401

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(tempfile.gettempdir()) / "portal-check-page-screenshots"
BLOCKING = {"serious", "critical"}

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


def audit(page: Any, name: str, found: dict[str, list[dict[str, Any]]]) -> None:
    """Run axe-core on the page as it is now. Evaluated over the DevTools protocol, so the
    portal's CSP (no inline scripts) needs no exception for it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found[name] = result["violations"]


def failed_calls_trace_ids(check: SessionCheck) -> list[str]:
    """Per attempt that failed, the trace id of its first failed call (the simulator, like
    KSeF, gives one with each error)."""
    ids = []
    for number in sorted(set(check.steps.values_list("attempt", flat=True))):
        failed = check.steps.filter(attempt=number, outcome=Outcome.FAIL).first()
        if failed is not None:
            ids.append(failed.trace_id)
    return ids


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_check_page_puts_the_verdict_first_prints_fits_a_phone_and_passes_axe(
    live_server,
    settings,
    check_worker,  # noqa: F811
    verdict_sections,
):
    settings.KSEF_SIMULATOR_PROPAGATION_SECONDS = 3
    settings.CHECK_RETRY_INTERVAL_SECONDS = 1
    # Long enough for axe to finish on the running page before a poll replaces its content.
    settings.CHECK_POLL_DELAY_SECONDS = 3
    settings.CHECK_SESSION_CALLS_PER_MINUTE = 30
    settings.KSEF_BASE_URLS = {
        env: f"{live_server.url}/ksef-sim/{env}/v2" for env in ("test", "demo", "prod")
    }
    install_scenarios()
    scenario = BY_NAME["propagation"]
    SCREENSHOTS.mkdir(exist_ok=True)
    violations: dict[str, list[dict[str, Any]]] = {}
    url = live_server.url

    with chromium() as browser:
        try:
            context = browser.new_context()
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
            page = context.new_page()
            for name, path in [
                ("home", "/"),
                ("article", "/artykul/blad-403-sessions-online/"),
                ("search results", "/szukaj/?q=propagacja"),
                (
                    "error-link landing",
                    "/pomoc/blad/?status=403&reason=missing-permissions&endpoint=/sessions/online",
                ),
                ("check form", "/sprawdz-sesje/"),
            ]:
                page.goto(url + path)
                audit(page, name, violations)
            assert "Propagacja" in page.goto(url + "/szukaj/?q=propagacja").text()  # type: ignore[union-attr]

            page.goto(f"{url}/sprawdz-sesje/")
            page.select_option("#id_env", "test")
            page.fill("#id_nip", scenario.nip)
            page.fill("#id_token", scenario.token)
            page.click("button[type=submit]:has-text('Sprawdź sesję')")
            page.wait_for_url("**/sprawdz-sesje/*/")
            # Queued until the worker's next look (half a second), then under way: a live page.
            assert page.locator("#check-progress[hx-get]").count() == 1
            audit(page, "running check page", violations)
            page.screenshot(path=SCREENSHOTS / "check-page-running.png")

            page.wait_for_selector("#verdict-title", timeout=30_000)
            audit(page, "finished check page", violations)

            verdict = page.locator("#check-verdict").bounding_box()
            steps = page.locator("#check-steps").bounding_box()
            assert verdict is not None and steps is not None
            assert verdict["y"] + verdict["height"] <= steps["y"]
            opened = page.eval_on_selector_all("#check-steps details", "ds => ds.map(d => d.open)")
            assert len(opened) >= 2
            assert opened == [False] * (len(opened) - 1) + [True]

            summary = page.inner_text("#check-summary-text")
            page.click("button[data-copy]")
            page.wait_for_selector(".copy-status:has-text('Skopiowano')")
            assert page.evaluate("navigator.clipboard.readText()") == summary

            page.set_viewport_size({"width": 360, "height": 740})
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.screenshot(path=SCREENSHOTS / "check-page-360px.png", full_page=True)
            page.set_viewport_size({"width": 1024, "height": 740})
            page.emulate_media(media="print")
            assert not page.locator("#check-steps").is_visible()
            assert not page.locator("header").is_visible()
            assert page.locator("#check-summary").is_visible()
            page.screenshot(path=SCREENSHOTS / "check-page-print.png", full_page=True)
        finally:
            browser.close()

    # The database, once Playwright's event loop is gone (Django refuses queries inside it).
    check = SessionCheck.objects.get(nip=scenario.nip)
    # One <details> per attempt, after many polls that kept the folded ones (hx-preserve).
    assert len(opened) == len(set(check.steps.values_list("attempt", flat=True)))
    trace_ids = failed_calls_trace_ids(check)
    assert len(trace_ids) >= 2
    for trace_id in trace_ids:
        assert trace_id and trace_id in summary
    for part in scenario.token.split("|"):
        assert part not in summary
    print(f"\nScreenshots for review: {SCREENSHOTS}\n{summary}")
    for name, items in violations.items():
        for item in items:
            targets = ", ".join(str(node["target"]) for node in item["nodes"][:3])
            print(f"axe, {name}: {item['impact']} {item['id']}: {targets}")
    blocking = {
        name: [f"{v['id']}: {v['help']}" for v in items if v["impact"] in BLOCKING]
        for name, items in violations.items()
    }
    assert blocking == {name: [] for name in violations}
    assert len(violations) == 7
