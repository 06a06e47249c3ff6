"""In headless Chromium: the propagation scenario, from the form to the verdict, live."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from portal.checks.causes import Cause
from portal.checks.verdicts import VERDICTS
from portal.checks.worker import CheckWorker
from portal.lib import clock
from portal.simulator.installing import install_scenarios
from portal.simulator.scenarios import BY_NAME
from tests.browser import chromium, needs_chromium

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


@pytest.fixture
def check_worker() -> Iterator[None]:
    """The check worker of `manage.py run_checks`, on a thread of the test's process."""
    stop = threading.Event()
    worker = CheckWorker(clock.current(), threads=4)
    thread = threading.Thread(target=worker.serve, args=(stop,), daemon=True)
    thread.start()
    yield
    stop.set()
    worker.wake()
    thread.join(timeout=10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_steps_appear_without_reloading_and_polling_stops_at_the_verdict(
    live_server, settings, check_worker
):
    settings.KSEF_SIMULATOR_PROPAGATION_SECONDS = 3
    settings.CHECK_RETRY_INTERVAL_SECONDS = 1
    settings.CHECK_POLL_DELAY_SECONDS = 1
    settings.CHECK_SESSION_CALLS_PER_MINUTE = 30
    settings.KSEF_BASE_URLS = {
        env: f"{live_server.url}/ksef-sim/{env}/v2" for env in ("test", "demo", "prod")
    }
    install_scenarios()
    scenario = BY_NAME["propagation"]

    with chromium() as browser:
        try:
            page = browser.new_page()
            polls: list[str] = []
            page.on(
                "request",
                lambda request: (
                    polls.append(request.url) if request.headers.get("hx-request") else None
                ),
            )
            page.goto(f"{live_server.url}/sprawdz-sesje/")
            page.select_option("#id_env", "test")
            page.fill("#id_nip", scenario.nip)
            page.fill("#id_token", scenario.token)
            page.click("button[type=submit]:has-text('Sprawdź sesję')")
            page.wait_for_url("**/sprawdz-sesje/*/")
            # A marker that a reload would wipe out.
            page.evaluate("window.__samePage = true")
            # The worker takes the check within half a second: its steps arrive with the page
            # or with a poll.
            page.locator(".steps li").nth(7).wait_for(timeout=30_000)
            assert page.locator(".steps li").count() >= 8

            page.wait_for_selector("#verdict-title", timeout=30_000)

            assert page.evaluate("window.__samePage") is True
            title = str(VERDICTS[Cause.PROPAGATION].title)
            assert page.inner_text("#verdict-title") == title
            assert page.locator(".steps li.ok", has_text="Otwarcie sesji").count() == 1
            assert page.locator(".steps li.fail", has_text="Otwarcie sesji").count() >= 1
            assert title in page.inner_text("#check-announcer")
            assert page.get_attribute("#check-progress", "hx-get") is None
            assert len(polls) >= 2
            seen = len(polls)
            page.wait_for_timeout(2500)
            assert len(polls) == seen
        finally:
            browser.close()
