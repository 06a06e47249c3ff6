"""A check queued through the real broker and run by a real `manage.py qcluster` process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django_q.conf import Conf

from portal.checks.models import SessionCheck, Status
from portal.simulator.models import OnlineSession
from portal.simulator.scenarios import BY_NAME, install_scenarios
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
def test_qcluster_worker_runs_a_queued_check_to_its_verdict(
    live_server, client, monkeypatch, name, cause
):
    monkeypatch.setattr(Conf, "SYNC", False)
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
    # Queued in the broker (ORM table or Redis) with nothing but the check's id.
    assert_nowhere(database_text(), scenario.token)
    assert_nowhere(broker_text(), scenario.token)

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            check.refresh_from_db()
            if not check.is_active or worker.poll() is not None:
                break
            time.sleep(0.2)
    finally:
        # The cluster's own shutdown: the main process stops its children in order.
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        try:
            output, _ = worker.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            output, _ = worker.communicate()

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
