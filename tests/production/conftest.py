from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def production_services() -> pytest.MarkDecorator:
    """Skip unless the suite runs on PostgreSQL and Redis (`make test-production`)."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    return pytest.mark.skipif(
        not (on_postgres and settings.REDIS_URL),
        reason="fault tests need DATABASE_URL on PostgreSQL and REDIS_URL (make test-production)",
    )


@contextmanager
def started(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """A child process in its own process group, killed with its children on the way out."""
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=15)


def worker_env(live_server_url: str, **extra: str) -> dict[str, str]:
    from tests.checks.test_worker_runs_a_check_in_a_real_qcluster import database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "KSEF_TEST_URL": f"{live_server_url}/ksef-sim/test/v2",
        "KSEF_DEMO_URL": f"{live_server_url}/ksef-sim/demo/v2",
        "KSEF_PROD_URL": f"{live_server_url}/ksef-sim/prod/v2",
        "Q_WORKERS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


QCLUSTER = [sys.executable, "manage.py", "qcluster"]
