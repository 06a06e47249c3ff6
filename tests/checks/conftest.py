from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_q.conf import Conf

from portal.checks import lifecycle
from portal.checks.models import SessionCheck
from portal.lib import clock as check_clock
from portal.simulator import clock as sim_clock
from portal.simulator.installing import install_scenarios
from portal.simulator.scenarios import BY_NAME, Scenario
from portal.simulator.signed_scenarios import SIGNED_SCENARIOS
from tests.checks.signing import Signer, self_signed, sign

SIGNED_BY_NAME = {scenario.name: scenario for scenario in SIGNED_SCENARIOS}

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

# A real qcluster worker (test_worker_*) must share the test database, which an in-memory SQLite
# database cannot be: on SQLite the test database is a file while these tests are collected.
# Done here, before pytest-django creates the test database, which reads TEST NAME.
_default_db = settings.DATABASES["default"]
if _default_db["ENGINE"].endswith("sqlite3") and not _default_db.get("TEST", {}).get("NAME"):
    _default_db.setdefault("TEST", {})["NAME"] = os.path.join(
        tempfile.gettempdir(), f"portal-checks-tests-{os.getpid()}.sqlite3"
    )


class SimulatedClock:
    """The check's clock tied to the simulator's frozen clock: waiting in an attempt (polling an
    authentication) moves both, so neither test nor simulator ever really sleeps."""

    def now(self) -> datetime:
        return sim_clock.now()

    def monotonic(self) -> float:
        return sim_clock.now().timestamp()

    def sleep(self, seconds: float) -> None:
        sim_clock.advance(seconds)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):  # type: ignore[no-untyped-def]
    """Put back what data migrations created after a transactional test here flushed it.

    Django restores serialized data at the start of a test that asks for it, not at the end of
    the one that flushed; tests of other areas that run later (and assume migration data, such
    as kb's groups) would otherwise find an empty database.
    """
    yield
    if nextitem is None:
        # The last test: the test database itself is gone by now.
        return
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if not transactional and "transactional_db" not in getattr(item, "fixturenames", ()):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        connection = connections["default"]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _check_settings(settings, monkeypatch):  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.checks.urls"
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 0
    settings.KSEF_SIMULATOR_PROPAGATION_SECONDS = 180
    settings.KSEF_SIMULATOR_PENDING_SECONDS = 120
    settings.KSEF_SIMULATOR_SLOW_SECONDS = 0.6
    settings.KSEF_SIMULATOR_RETRY_AFTER_SECONDS = 30
    settings.KSEF_HTTP_TIMEOUT_SECONDS = 5
    settings.KSEF_ENVIRONMENTS = ["test", "demo", "prod"]
    settings.CHECK_RETRY_WINDOW_SECONDS = 15 * 60
    settings.CHECK_RETRY_INTERVAL_SECONDS = 60
    settings.CHECK_SESSION_CALLS_PER_MINUTE = 3
    settings.CHECK_STARTS_PER_ADDRESS_PER_HOUR = 10
    settings.CHECK_STARTS_PER_NIP_PER_HOUR = 6
    # django-q2 reads its configuration once, at import: the settings fixture cannot reach it.
    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def simulated_clock() -> Iterator[SimulatedClock]:
    sim_clock.freeze(START)
    clock = SimulatedClock()
    check_clock.use(clock)
    yield clock
    check_clock.use(check_clock.SystemClock())
    sim_clock.unfreeze()


@pytest.fixture
def simulator(live_server, settings, simulated_clock, django_db_serialized_rollback):  # type: ignore[no-untyped-def]
    """The simulator served over HTTP by the live server, its demo scenarios installed, and
    every KSeF environment of the portal pointing at it. The live server needs a transactional
    database, flushed after the test; serialized rollback puts back what data migrations made,
    which later tests of other areas rely on."""
    settings.KSEF_BASE_URLS = {
        env: f"{live_server.url}/ksef-sim/{env}/v2" for env in ("test", "demo", "prod")
    }
    install_scenarios(simulated_clock.now())
    return live_server


@dataclass
class Runner:
    client: object
    clock: SimulatedClock

    def start(
        self, scenario: Scenario | str, *, consent: bool = False, **overrides: str
    ) -> SessionCheck:
        if isinstance(scenario, str):
            scenario = BY_NAME[scenario]
        data = {
            "env": scenario.environment.value,
            "nip": scenario.nip,
            "token": scenario.token,
            **overrides,
        }
        if consent:
            data["try_other_environments"] = "on"
        response = self.client.post("/sprawdz-sesje/", data)  # type: ignore[attr-defined]
        assert response.status_code == 302, response.content.decode()[:2000]
        public_id = re.search(r"/sprawdz-sesje/([\w-]+)/", response["Location"]).group(1)  # type: ignore[union-attr]
        # The check worker takes a new check at once: its first attempt.
        lifecycle.run_due(self.clock)
        return SessionCheck.objects.get(public_id=public_id)

    def request_signature(self, environment: str, nip: str) -> SessionCheck:
        """The form without a token: a check that waits for its request, signed."""
        response = self.client.post(  # type: ignore[attr-defined]
            "/sprawdz-sesje/podpis/", {"signed-env": environment, "signed-nip": nip}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        public_id = re.search(r"/sprawdz-sesje/([\w-]+)/", response["Location"]).group(1)  # type: ignore[union-attr]
        return SessionCheck.objects.get(public_id=public_id)

    def document(self, check: SessionCheck) -> bytes:
        response = self.client.get(f"/sprawdz-sesje/{check.public_id}/AuthTokenRequest.xml")  # type: ignore[attr-defined]
        assert response.status_code == 200
        return bytes(response.content)

    def upload(self, check: SessionCheck, data: bytes, name: str = "signed.xml") -> Any:
        upload = SimpleUploadedFile(name, data, content_type="application/xml")
        return self.client.post(  # type: ignore[attr-defined]
            f"/sprawdz-sesje/{check.public_id}/podpis/", {"signed_file": upload}
        )

    def start_signed(
        self,
        scenario: str,
        signer: Signer | None = None,
        *,
        alter: Callable[[bytes], bytes] | None = None,
    ) -> SessionCheck:
        """A check without a token for a signed scenario, its request signed by ``signer`` (a
        self-signed person's certificate by default) and uploaded; ``alter`` changes the signed
        file before the upload."""
        found = SIGNED_BY_NAME[scenario]
        check = self.request_signature(found.environment.value, found.nip)
        signed = sign(self.document(check), signer or self_signed(self.clock.now()))
        response = self.upload(check, alter(signed) if alter else signed)
        assert response.status_code == 302, response.content.decode()[:2000]
        # The check worker takes the signed check at once: its first attempt.
        lifecycle.run_due(self.clock)
        return SessionCheck.objects.get(pk=check.pk)

    def until_done(self, check: SessionCheck, *, limit: int = 40) -> SessionCheck:
        """Let time pass attempt after attempt, running the due checks as the check worker
        would, until the check ends."""
        for _ in range(limit):
            check.refresh_from_db()
            if not check.is_active:
                return check
            if check.next_attempt_at is not None:
                seconds = (check.next_attempt_at - self.clock.now()).total_seconds()
                sim_clock.advance(max(0.0, seconds) + 1)
            lifecycle.run_due(self.clock)
        raise AssertionError("the check did not end")


@pytest.fixture
def runner(client, simulator, simulated_clock) -> Runner:  # type: ignore[no-untyped-def]
    return Runner(client, simulated_clock)


@pytest.fixture
def verdict_sections(db: None) -> None:
    """The 403 article in both languages and the starter rules: where verdicts link to."""
    from kb.errorlinks.starter import load_starter_rules
    from kb.models import Article, Category
    from kb.revisions import create_revision, publish

    category = Category.objects.create(slug="bledy", name_pl="Błędy", name_en="Errors")
    polish = None
    for slug, language in (("blad-403-sessions-online", "pl"), ("error-403-sessions-online", "en")):
        article = Article.objects.create(
            slug=slug, language=language, category=category, translation_of=polish
        )
        body = "## Propagacja {#propagation}\n\nCzekaj.\n\n## Zakres {#scope}\n\nNowy token.\n"
        revision = create_revision(
            article, title=slug, summary="", body=body, change_note="start", now=START
        )
        publish(revision, None, START)
        polish = polish or article
    load_starter_rules(START)


@pytest.fixture
def step_names() -> Callable[[SessionCheck], list[str]]:
    def names(check: SessionCheck) -> list[str]:
        return [step.name for step in check.steps.all()]

    return names


__all__ = ["START", "SimulatedClock", "timedelta"]
