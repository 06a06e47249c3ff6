"""PostgreSQL really restarted while checks run: no check lost.

The shared cluster on 5432 is left alone. The test makes a throw-away cluster (initdb, run as the
postgres system user, since PostgreSQL refuses to run as root) on a free loopback port and runs
the portal on it as separate processes: the web server with the simulator mounted, and the
check worker. It starts checks through the form and restarts the cluster (pg_ctl restart
-m fast) while they run: every connection drops and, for a moment, new ones are refused. Each
check must end in a final state with its token erased, once the leases of attempts that died
have run out.
(tests/production/test_database_connections_cut_lose_no_check.py cuts the connections of the
suite's own database instead, with the worker sharing the test's transactions.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings

from portal.simulator.scenarios import BY_NAME
from tests.production.conftest import (
    CHECK_WORKER,
    ROOT,
    production_services,
    started,
    wait_until,
)
from tests.production.test_redis_outage_loses_no_check import free_port

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
CHECKS = 3
WAIT_SECONDS = 60

needs_a_postgres_of_its_own = pytest.mark.skipif(
    PG_BIN is None or os.geteuid() != 0 or shutil.which("runuser") is None,
    reason="needs PostgreSQL's server binaries and root (to run them as the postgres user)",
)


def as_postgres(*args: str, timeout: float = 60) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *args],
        check=True,
        capture_output=True,
        timeout=timeout,
    )


@contextmanager
def throwaway_cluster(port: int) -> Iterator[Path]:
    """A PostgreSQL cluster of this test's own, in a temporary directory, always removed."""
    assert PG_BIN is not None
    home = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    shutil.chown(home, "postgres", "postgres")
    data = home / "data"
    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-N")
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log")]
    as_postgres(*ctl, "-w", "start")
    try:
        yield data
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *ctl, "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(home, ignore_errors=True)


def restart(data: Path, port: int) -> None:
    assert PG_BIN is not None
    home = data.parent
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    as_postgres(
        str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"),
        "-m", "fast", "-w", "restart",
    )  # fmt: skip


def manage(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


_STATES = """
import json, django
django.setup()
from portal.checks.models import SessionCheck
print(json.dumps([[c.status, c.token_ciphertext != ""] for c in SessionCheck.objects.all()]))
"""

_TIME_PASSES = """
import django
django.setup()
from django.utils import timezone
from portal.checks.models import SessionCheck, Status
# Without waiting minutes for it: the leases of attempts that died run out, and waits after
# KSeF's (the simulator's) own failures end. The check worker takes them up as due.
now = timezone.now()
SessionCheck.objects.filter(status=Status.RUNNING).update(lease_until=now)
print(SessionCheck.objects.filter(status=Status.WAITING).update(next_attempt_at=now))
"""


def python(env: dict[str, str], code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout.strip().splitlines()[-1]


def states(env: dict[str, str]) -> list[tuple[str, bool]]:
    return [(status, has_token) for status, has_token in json.loads(python(env, _STATES))]


def start_check(base: str) -> None:
    scenario = BY_NAME["ok"]
    session = requests.Session()
    form = session.get(f"{base}/sprawdz-sesje/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    answer = session.post(
        f"{base}/sprawdz-sesje/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "env": "test",
            "nip": scenario.nip,
            "token": scenario.token,
        },
        headers={"Referer": f"{base}/sprawdz-sesje/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:2000]


@needs_a_postgres_of_its_own
@production_services()
@pytest.mark.production
@pytest.mark.worker
def test_checks_running_while_postgres_restarts_all_end_clearly():
    pg_port, web_port = free_port(), free_port()
    base = f"http://127.0.0.1:{web_port}"
    # A Redis database of this test's own, emptied first: no other test's tasks in its queue.
    redis_url = re.sub(r"/\d*$", "", settings.REDIS_URL) + "/13"
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
        "REDIS_URL": redis_url,
        # The simulator is mounted only with DEBUG on; the subject here is the database.
        "DEBUG": "1",
        "KSEF_TEST_URL": f"{base}/ksef-sim/test/v2",
        "KSEF_DEMO_URL": f"{base}/ksef-sim/demo/v2",
        "KSEF_PROD_URL": f"{base}/ksef-sim/prod/v2",
        # Each authentication stays "in progress" for 2 s: the restart lands inside checks.
        "KSEF_SIMULATOR_AUTH_SECONDS": "2",
        "CHECK_STARTS_PER_ADDRESS_PER_HOUR": "100",
        "CHECK_STARTS_PER_NIP_PER_HOUR": "100",
        # The checks share one NIP; a retry after the restart must not wait for pacing.
        "CHECK_SESSION_CALLS_PER_MINUTE": "30",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    web = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{web_port}", "--noreload"]
    with throwaway_cluster(pg_port) as data:
        manage(env, "migrate", "--noinput")
        manage(env, "load_simulator_scenarios")
        with started(web, env), started(CHECK_WORKER, env):
            assert wait_until(lambda: _answers(f"{base}/sprawdz-sesje/"), 30), "web never answered"
            for _ in range(CHECKS):
                start_check(base)
            assert wait_until(
                lambda: any(s == "running" for s, _ in states(env)), WAIT_SECONDS, 0.5
            )

            restart(data, pg_port)

            def settled() -> bool:
                return all(s in ("done", "abandoned") for s, _ in states(env))

            # An attempt whose connection died with the restart could not record its end
            # either: it stays "running" until its lease runs out and it is due again. An
            # attempt that met KSeF's own failure waits and tries again.
            for _ in range(3):
                if wait_until(settled, WAIT_SECONDS / 2, interval=0.5):
                    break
                python(env, _TIME_PASSES)
            final = states(env)
    redis.Redis.from_url(redis_url).flushdb()

    assert len(final) == CHECKS
    for status, has_token in final:
        assert status in ("done", "abandoned"), final
        assert not has_token, final
    assert any(status == "done" for status, _ in final), final


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
