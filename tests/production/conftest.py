from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
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


QCLUSTER = [sys.executable, "manage.py", "qcluster"]
CHECK_WORKER = [sys.executable, "manage.py", "run_checks"]


def wait_until(predicate: Callable[[], bool], seconds: float, interval: float = 0.2) -> bool:
    """Whether ``predicate`` came true within ``seconds`` (asked every ``interval``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
