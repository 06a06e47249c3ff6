"""Cost of the session check's poll: time and database queries per htmx request.

    .venv/bin/python bench/check_poll.py [--steps 30] [--repeat 500]

Migrates a temporary SQLite database, stores one running check with ``--steps`` steps (a long
propagation check has about that many), then sends the poll request the page sends every few
seconds (``HX-Request``, ``?seen=N``) ``--repeat`` times through Django's test client: the whole
middleware stack, the view and the template, without the network. Prints p50/p95/p99 in ms and
the queries one poll makes. Target: 2 queries, p95 under 25 ms (SQLite reconnects per request).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "bench-check-poll.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from portal.checks.models import CheckStep, Outcome, SessionCheck, Status, StepName

    call_command("migrate", verbosity=0)
    now = timezone.now()
    check = SessionCheck.objects.create(
        environment="test",
        nip="1234563218",
        status=Status.RUNNING,
        attempts=4,
        created_at=now,
        deadline=now,
    )
    names = list(StepName)
    CheckStep.objects.bulk_create(
        CheckStep(
            session_check=check,
            attempt=1 + index // 9,
            environment="test",
            name=names[index % len(names)],
            outcome=Outcome.OK,
            started_at=now,
            duration_ms=50,
            http_status=200,
            trace_id="0123456789abcdef0123456789abcdef",
        )
        for index in range(args.steps)
    )
    client = Client(HTTP_HX_REQUEST="true")
    url = f"/sprawdz-sesje/{check.public_id}/?seen={args.steps}"
    client.get(url)  # warm the template cache

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper, not CaptureQueriesContext: the connection is closed and reopened per request.
    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, round(p / 100 * len(timings)) - 1)]

    print(f"poll of a check with {args.steps} steps, {args.repeat} requests (SQLite)")
    print(f"queries per poll: {len(queries)}")
    print(f"p50 {statistics.median(timings):.2f} ms   p95 {pct(95):.2f} ms   p99 {pct(99):.2f} ms")
    database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
