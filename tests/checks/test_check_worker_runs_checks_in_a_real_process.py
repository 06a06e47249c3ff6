"""Checks started through the form and run by a real `manage.py run_checks` process, several at
once, which stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from portal.checks.models import ACTIVE_STATUSES, SessionCheck, Status
from portal.simulator.installing import install_scenarios, install_working_tokens
from portal.simulator.models import OnlineSession
from portal.simulator.scenarios import BY_NAME
from tests.checks.test_token_never_leaves_the_check import assert_nowhere, database_text
from tests.workers import worker_env

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def broker_text() -> str:
    """What the Redis broker holds, when it is the broker (the ORM broker is a table)."""
    if not settings.REDIS_URL:
        return ""
    import redis

    server = redis.Redis.from_url(settings.REDIS_URL)
    chunks = []
    for key in server.scan_iter():
        if server.type(key) == b"list":
            chunks.extend(repr(item) for item in server.lrange(key, 0, -1))
    return "\n".join(chunks)


def run_worker_until_done(env: dict[str, str]) -> str:
    """Run `manage.py run_checks` until no check is active, stop it as a process manager does
    (SIGTERM) and return what it printed."""
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and worker.poll() is None:
            if not SessionCheck.objects.filter(status__in=ACTIVE_STATUSES).exists():
                break
            time.sleep(0.2)
    finally:
        # The worker's own shutdown: it takes no new check and lets running attempts end.
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        try:
            output, _ = worker.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            output, _ = worker.communicate()
    assert "Check worker stopped." in output, output[-3000:]
    return output


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("ok", "session-ok"),
        # Verdicts reached on the first attempt (issue 12), so a real worker shows them too.
        ("auth-revoked", "auth-revoked"),
        ("no-permissions-at-all", "no-permissions-at-all"),
        ("rate-limited-long", "rate-limited"),
    ],
)
def test_check_worker_runs_a_queued_check_to_its_verdict(live_server, client, name, cause):
    install_scenarios()
    scenario = BY_NAME[name]
    env = worker_env(live_server.url)

    response = client.post(
        "/sprawdz-sesje/",
        {"env": scenario.environment.value, "nip": scenario.nip, "token": scenario.token},
    )
    assert response.status_code == 302
    check = SessionCheck.objects.get()
    assert check.status == Status.QUEUED
    # Due in the database, its token only encrypted; nothing goes through the broker.
    assert_nowhere(database_text(), scenario.token)
    assert_nowhere(broker_text(), scenario.token)

    output = run_worker_until_done(env)

    check.refresh_from_db()
    assert check.status == Status.DONE, output[-3000:]
    assert check.cause == cause
    assert OnlineSession.objects.filter(closed_at__isnull=True).count() == 0
    if name == "ok":
        assert [step.name for step in check.steps.all()][-3:] == [
            "session-open",
            "session-close",
            "auth-session-end",
        ]
        assert OnlineSession.objects.count() == 1
    assert check.token_ciphertext == ""
    assert_nowhere(output, scenario.token)
    assert_nowhere(database_text(), scenario.token)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_worker_runs_several_checks_side_by_side(live_server, client, settings):
    # Each authentication stays "in progress" for a second: long enough for attempts to meet.
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 1
    install_scenarios()
    # Three people: one client's third check would wait for one of its first two to end.
    for n, (nip, token) in enumerate(install_working_tokens(3)):
        response = client.post(
            "/sprawdz-sesje/",
            {"env": "test", "nip": nip, "token": token},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
        assert response.status_code == 302

    output = run_worker_until_done(worker_env(live_server.url, CHECK_WORKER_THREADS="3"))

    checks = list(SessionCheck.objects.prefetch_related("steps"))
    assert [(c.status, c.cause) for c in checks] == [(Status.DONE, "session-ok")] * 3, output
    # Every attempt started before any ended: one process ran the three at the same time.
    starts = [min(step.started_at for step in c.steps.all()) for c in checks]
    ends = [
        max(
            step.started_at + timedelta(milliseconds=step.duration_ms or 0)
            for step in c.steps.all()
        )
        for c in checks
    ]
    assert max(starts) < min(ends)
