"""Redis (django-q2's broker) stopped and started empty while checks are queued: nothing lost.

This machine's Redis is shared, so the test starts its own throw-away redis-server on a free
loopback port, keeping nothing on disk (as production's broker may, after a restart). Checks
queued before the outage lose their tasks with it, but they are still due in the database: the
every-minute run of due checks runs them to their verdict. A check started during the outage
ends at once, clearly.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from django_q.conf import Conf
from django_q.tasks import async_task

from portal.checks import lifecycle
from portal.checks.models import SessionCheck, Status
from portal.simulator.scenarios import BY_NAME, install_scenarios
from tests.production.conftest import QCLUSTER, production_services, started
from tests.workers import worker_env

WAIT_SECONDS = 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def redis_server(port: int) -> Iterator[None]:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


@production_services()
@pytest.mark.production
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_checks_queued_before_a_redis_outage_are_run_after_it(live_server, client, monkeypatch):
    port = free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "REDIS", broker_url)
    install_scenarios()
    scenario = BY_NAME["ok"]
    form = {"env": "test", "nip": scenario.nip, "token": scenario.token}

    with redis_server(port):
        for _ in range(2):
            assert client.post("/sprawdz-sesje/", form).status_code == 302
    # Redis is down: its queue is gone. A check started now cannot be queued.
    client.post("/sprawdz-sesje/", form)
    queued = list(SessionCheck.objects.filter(status=Status.QUEUED))
    refused = SessionCheck.objects.get(status=Status.NOT_STARTED)
    assert len(queued) == 2
    assert refused.token_ciphertext == ""

    with redis_server(port), started(QCLUSTER, worker_env(live_server.url, REDIS_URL=broker_url)):
        # What django-q2's scheduler queues every minute.
        async_task("portal.checks.tasks.run_due_checks")
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if not SessionCheck.objects.filter(status__in=lifecycle.ACTIVE_STATUSES).exists():
                break
            time.sleep(0.2)

    for check in queued:
        check.refresh_from_db()
        assert (check.status, check.cause) == (Status.DONE, "session-ok")
        assert check.token_ciphertext == ""
    assert SessionCheck.objects.filter(status__in=lifecycle.ACTIVE_STATUSES).count() == 0
