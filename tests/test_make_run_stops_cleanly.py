"""`make run` (its set-up, then honcho with the Procfile: runserver, qcluster, run_checks) leaves no
process behind, whether the terminal's Ctrl-C reaches its whole foreground group, a SIGTERM
reaches the group, or a SIGTERM reaches only make.

Every process the runner starts, however deep, inherits a marker in its environment; the test
finds them through /proc, and kills any survivor itself so that a failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc"),
]

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent
STOP_SECONDS = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def marked_processes(marker: str) -> list[int]:
    needle = f"STOP_TEST_MARKER={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("run") / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "REDIS_URL": ""}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return path


Runner = tuple[subprocess.Popen[bytes], str]


@pytest.fixture
def runner(migrated_database: Path, tmp_path: Path) -> Iterator[Runner]:
    """`make run` in a new process group, as a terminal starts a job, on a migrated database."""
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated_database, database)
    marker = uuid.uuid4().hex
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "RUN_ADDR": f"127.0.0.1:{port}",
        "Q_WORKERS": "2",
        "STOP_TEST_MARKER": marker,
    }
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"VENV={VENV}"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "run.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not answers(f"http://127.0.0.1:{port}/") and time.monotonic() < deadline:
            time.sleep(0.3)
        yield proc, marker
    finally:
        for pid in marked_processes(marker):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=10)


def wait_for_none(marker: str) -> list[int]:
    deadline = time.monotonic() + STOP_SECONDS
    while (left := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def command_lines(pids: list[int]) -> list[str]:
    lines = []
    for pid in pids:
        with contextlib.suppress(OSError):
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return lines


@pytest.mark.parametrize(
    ("signum", "whole_group"),
    [(signal.SIGINT, True), (signal.SIGTERM, True), (signal.SIGTERM, False)],
    ids=["ctrl-c-to-the-group", "sigterm-to-the-group", "sigterm-to-the-runner-alone"],
)
def test_no_process_of_the_portal_outlives_the_stop(
    runner: Runner, signum: int, whole_group: bool
) -> None:
    proc, marker = runner
    running = marked_processes(marker)
    # make, honcho, the web server, qcluster with its sentinel, monitor, pusher and workers, and
    # the check worker.
    assert len(running) >= 5, command_lines(running)

    if whole_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)

    assert command_lines(wait_for_none(marker)) == []
