"""Every database connection cut while checks run (as a PostgreSQL restart does): no check lost.

The suite's own PostgreSQL cluster is shared, so the test terminates every other backend of the
test database (pg_terminate_backend) while a real check worker is in the middle of a check
(test_postgres_restart_loses_no_check.py really restarts a throw-away cluster of its own): the
worker and the simulator lose their connections at once, as in a restart. Django reconnects
(CONN_HEALTH_CHECKS); an attempt that died with its connection is due again once its lease runs
out, and the worker takes it up. Every check must end in a final state with its token erased.
"""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.utils import timezone

from portal.checks import lifecycle
from portal.checks.models import SessionCheck, Status
from portal.simulator.installing import install_scenarios
from portal.simulator.scenarios import BY_NAME
from tests.production.conftest import CHECK_WORKER, production_services, started
from tests.workers import worker_env

WAIT_SECONDS = 40
CHECKS = 3
# The checks share one NIP; pacing is not the subject here, and a retry must not wait for it.
UNPACED = {"CHECK_SESSION_CALLS_PER_MINUTE": "30"}


def terminate_other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def active() -> int:
    return SessionCheck.objects.filter(status__in=lifecycle.ACTIVE_STATUSES).count()


def wait_until_settled(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and active():
        time.sleep(0.2)


@production_services()
@pytest.mark.production
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_checks_survive_every_database_connection_being_cut(live_server, client, settings):
    # Each authentication stays "in progress" for 2 s: the cut lands in the middle of a check.
    settings.KSEF_SIMULATOR_AUTH_SECONDS = 2
    install_scenarios()
    scenario = BY_NAME["ok"]
    form = {"env": "test", "nip": scenario.nip, "token": scenario.token}

    with started(CHECK_WORKER, worker_env(live_server.url, **UNPACED)):
        for _ in range(CHECKS):
            assert client.post("/sprawdz-sesje/", form).status_code == 302
        deadline = time.monotonic() + WAIT_SECONDS
        while not SessionCheck.objects.filter(status=Status.RUNNING).exists():
            assert time.monotonic() < deadline, "no check ever started running"
            time.sleep(0.1)
        assert terminate_other_backends() >= 1
        wait_until_settled(WAIT_SECONDS / 2)

    if active():
        # An attempt died with its connection, or KSeF (the simulator) lost its own and the
        # check waits to try again. Time passes (without waiting minutes for it): leases run
        # out, waits end, and a worker takes the due checks up.
        now = timezone.now()
        SessionCheck.objects.filter(status=Status.RUNNING).update(lease_until=now)
        SessionCheck.objects.filter(status=Status.WAITING).update(next_attempt_at=now)
        with started(CHECK_WORKER, worker_env(live_server.url, **UNPACED)):
            wait_until_settled(WAIT_SECONDS / 2)

    checks = list(SessionCheck.objects.all())
    assert len(checks) == CHECKS
    for check in checks:
        assert check.status in (Status.DONE, Status.ABANDONED), check.status
        assert check.token_ciphertext == ""
    assert sum(c.status == Status.DONE for c in checks) >= 1
