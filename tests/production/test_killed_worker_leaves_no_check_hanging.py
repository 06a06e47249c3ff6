"""A check worker killed with SIGKILL in the middle of a check: the check does not hang.

The attempt dies with the worker. The check's lease runs out and it is due again, for the next
worker to claim; when every worker that takes it dies too, it is still due a lease past its
deadline and is abandoned with its token erased.
(KSeF's own faults, 5xx, garbage and slow answers, end in clear verdicts in
tests/checks/test_check_finds_the_cause_of_each_scenario.py.)
"""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.checks import lifecycle
from portal.checks.config import get_config
from portal.checks.models import SessionCheck, Status, StepName
from portal.simulator.installing import install_scenarios
from portal.simulator.scenarios import BY_NAME
from tests.checks.factories import FixedClock
from tests.production.conftest import CHECK_WORKER, production_services, started, wait_until
from tests.workers import worker_env

WAIT_SECONDS = 30


@production_services()
@pytest.mark.production
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_check_of_a_killed_worker_is_abandoned_with_its_token_erased(live_server, client, settings):
    # Session open answers after 4 s: long enough to kill the worker while it waits.
    settings.KSEF_SIMULATOR_SLOW_SECONDS = 4
    install_scenarios()
    scenario = BY_NAME["slow"]
    response = client.post(
        "/sprawdz-sesje/", {"env": "test", "nip": scenario.nip, "token": scenario.token}
    )
    assert response.status_code == 302
    check = SessionCheck.objects.get()

    with started(CHECK_WORKER, worker_env(live_server.url)) as worker:

        def mid_attempt() -> bool:
            check.refresh_from_db()
            return (
                check.status == Status.RUNNING
                and check.steps.filter(name=StepName.ACCESS_TOKEN).exists()
            )

        assert wait_until(mid_attempt, WAIT_SECONDS), "the worker never reached the session step"
        slow_ends = time.monotonic() + settings.KSEF_SIMULATOR_SLOW_SECONDS
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)

    check.refresh_from_db()
    assert check.status == Status.RUNNING
    assert check.token_ciphertext != ""

    config = get_config()
    assert lifecycle.claim(timezone.now()) is None
    # Its lease runs out: it is due again, and the next worker to look claims it.
    assert lifecycle.claim(timezone.now() + config.lease + timedelta(seconds=1)) is not None
    check.refresh_from_db()
    assert (check.status, check.attempts) == (Status.RUNNING, 2)

    # Say that worker dies too, and each one after it: past its deadline the check is given up.
    lifecycle.run_due(FixedClock(check.deadline + config.lease + timedelta(seconds=1)))
    check.refresh_from_db()
    assert check.status == Status.ABANDONED
    assert check.finished_at is not None
    assert check.token_ciphertext == ""
    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert "proces w tle przestał odpowiadać. Token został usunięty" in page

    # The killed worker's call is still being answered by the simulator thread; let it end so
    # the test database can be dropped.
    time.sleep(max(0.0, slow_ends - time.monotonic()))
