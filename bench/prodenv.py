"""The production configuration on this machine, for the benchmarks: environment, set-up, and
gunicorn (and other server processes) that are always stopped.

PostgreSQL database ``bench`` on 127.0.0.1:5432 (created when missing; a SQLite file when no
server answers) and Redis db 8 on 127.0.0.1:6379 when it answers (Django's cache and django-q2's
broker); DEBUG off, plain HTTP on loopback. BENCH_DATABASE and BENCH_REDIS_URL choose others.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
# On a machine whose services others share too, each may pick a database and Redis db of its own.
DATABASE = os.environ.get("BENCH_DATABASE", "bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
HOST = "127.0.0.1"


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def database_url(name: str = DATABASE, *, fresh: bool = True) -> str:
    """PostgreSQL database ``name`` (created when missing, emptied first when ``fresh``), or a
    SQLite file when no server answers."""
    if not _answers(5432):
        path = Path(tempfile.gettempdir()) / f"portal-{name}.sqlite3"
        if fresh:
            path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def production_env(*, database: str | None = None, redis: bool = True) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "REDIS_URL", "KSEF_", "DJANGO_"))
    }
    env.update(
        DEBUG="0",
        # Fresh per run and shared by every process of the run (web, workers, children).
        SECRET_KEY=secrets.token_urlsafe(48),
        CHECK_TOKEN_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database or database_url(),
        ALLOWED_HOSTS=f"{HOST},testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        GUNICORN_ACCESS_LOG="/dev/null",
        LOG_LEVEL="WARNING",
    )
    if redis and _answers(6379):
        env["REDIS_URL"] = REDIS_URL
    return env


def _run(args: list[str], env: dict[str, str], timeout: float) -> str:
    result = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    return _run(["manage.py", *args], env, timeout)


def set_up(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_starter_content")
    manage(env, "load_starter_rules")


def child(script: str, env: dict[str, str], *args: str, timeout: float = 600) -> Any:
    """Run ``script --child *args`` in a child with ``env`` (Django's settings are fixed once per
    process) and return the JSON it prints last."""
    out = _run([script, "--child", *args], env, timeout)
    return json.loads(out.strip().splitlines()[-1])


def wait_for_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            # Our own http://127.0.0.1 URL, never a user's.
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310
            return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


@contextlib.contextmanager
def process(
    args: list[str], env: dict[str, str], ready_url: str | None = None, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process in its own process group (its id is the process's), stopped (then
    killed) on the way out; what it prints goes to ``log`` when given."""
    output = log.open("wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        if ready_url:
            wait_for_http(ready_url)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=25)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        if log:
            output.close()  # type: ignore[union-attr]


def gunicorn(
    env: dict[str, str], port: int, *, workers: int | None = None
) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    env = {**env, "GUNICORN_BIND": f"{HOST}:{port}"}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    return process(
        [PYTHON, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py"],
        env,
        ready_url=f"http://{HOST}:{port}/static/css/site.css",
    )
