"""The check status poll: SQL queries per poll and latency with 200 concurrent pollers.

    .venv/bin/python bench/poll.py [--pollers 200] [--requests 6000] [--seconds 30]

Production configuration under gunicorn (bench/prodenv.py); one check under way, polled the way
its page polls it (the htmx fragment, header HX-Request). Target: at most 2 queries per poll.
Bounded by --requests and --seconds; gunicorn is always stopped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prodenv
from bench.loadgen import print_table, run_load
from bench.pages import _child

MAX_QUERIES = 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pollers", type=int, default=200)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()

    env = prodenv.production_env()
    print(f"database: {env['DATABASE_URL']}  redis: {env.get('REDIS_URL', 'none (LocMem)')}")
    prodenv.set_up(env)
    check = _child("prepare", env)["check"]
    queries = _child("poll-queries", env, check)["queries"]
    url = f"/sprawdz-sesje/{check}/"
    port = prodenv.free_port()
    with prodenv.gunicorn(env, port):
        headers = {"HX-Request": "true"}
        run_load(
            "warm-up",
            prodenv.HOST,
            port,
            [url],
            concurrency=8,
            max_requests=200,
            max_seconds=10,
            extra_headers=headers,
        )
        result = run_load(
            f"poll, {args.pollers} concurrent pollers",
            prodenv.HOST,
            port,
            [url],
            concurrency=args.pollers,
            max_requests=args.requests,
            max_seconds=args.seconds,
            extra_headers=headers,
        )
    print()
    print_table([result])
    verdict = "OK" if queries <= MAX_QUERIES else "ABOVE TARGET"
    print(f"SQL queries per poll: {queries} (target <= {MAX_QUERIES}: {verdict})")
    if queries > MAX_QUERIES:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
