"""The environment a real worker subprocess (qcluster, run_checks) needs to share a test's database
and simulator."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """The test database (a file on SQLite, see tests/checks/conftest.py) as a DATABASE_URL."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def worker_env(live_server_url: str, **extra: str) -> dict[str, str]:
    """Environment for a worker process: this test's database, Redis when the suite runs on
    it, and every KSeF environment pointed at the live server's simulator."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url(),
        "KSEF_TEST_URL": f"{live_server_url}/ksef-sim/test/v2",
        "KSEF_DEMO_URL": f"{live_server_url}/ksef-sim/demo/v2",
        "KSEF_PROD_URL": f"{live_server_url}/ksef-sim/prod/v2",
        "Q_WORKERS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    env.update(extra)
    return env
