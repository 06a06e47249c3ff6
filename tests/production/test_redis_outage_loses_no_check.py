"""Redis (the shared cache and django-q2's broker) stopped while checks start: nothing lost.

This machine's Redis is shared, so the test starts its own throw-away redis-server on a free
loopback port, keeping nothing on disk (as production's may, after a restart). A check lives in
the database and its worker takes it from there, so checks started before and during the outage
all run to their verdict; during it, the per-client limits let starts through rather than refuse
everyone (portal/lib/ratelimit.py).
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis

from portal.checks import lifecycle
from portal.checks.models import SessionCheck, Status
from portal.simulator.installing import install_scenarios
from portal.simulator.scenarios import BY_NAME
from tests.production.conftest import CHECK_WORKER, production_services, started
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
def test_checks_started_before_and_during_a_redis_outage_all_run(live_server, client, settings):
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {**settings.CACHES, "default": cache}
    install_scenarios()
    scenario = BY_NAME["ok"]
    form = {"env": "test", "nip": scenario.nip, "token": scenario.token}

    with redis_server(port):
        for _ in range(2):
            assert client.post("/sprawdz-sesje/", form).status_code == 302
    # Redis is down, and stays down while the worker runs.
    assert client.post("/sprawdz-sesje/", form).status_code == 302
    checks = list(SessionCheck.objects.all())
    assert [check.status for check in checks] == [Status.QUEUED] * 3

    with started(CHECK_WORKER, worker_env(live_server.url, REDIS_URL=redis_url)):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if not SessionCheck.objects.filter(status__in=lifecycle.ACTIVE_STATUSES).exists():
                break
            time.sleep(0.2)

    for check in checks:
        check.refresh_from_db()
        assert (check.status, check.cause) == (Status.DONE, "session-ok")
        assert check.token_ciphertext == ""
