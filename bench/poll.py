"""The check status poll: SQL queries per poll and latency with 200 concurrent pollers.

    .venv/bin/python bench/poll.py [--pollers 200] [--requests 6000] [--seconds 30]

Production configuration under gunicorn (bench/prodenv.py); one check under way, polled the way
its page polls it (the htmx fragment, header HX-Request). Two loads: 200 pages polling as real
pages do (each waits the poll delay, CHECK_POLL_DELAY_SECONDS, between answers), and the same
200 back to back, the ceiling (with Debian's wrk when installed). Target: at most 2 queries per
poll. Bounded by --requests and --seconds; gunicorn is always stopped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prodenv
from bench.loadgen import Measured, print_table, run_back_to_back, run_load
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
    poll_delay = int(env.get("CHECK_POLL_DELAY_SECONDS", "2"))
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
        # As pages poll: each waits the poll delay after every answer (htmx's
        # `load delay:Ns`; here 0 to 2N s, as pages open at different moments), so 200 pages ask
        # about 200/N times a second. The asyncio client is light enough at that rate.
        results: list[Measured] = [
            run_load(
                f"poll, {args.pollers} pages every {poll_delay} s",
                prodenv.HOST,
                port,
                [url],
                concurrency=args.pollers,
                max_requests=args.requests,
                max_seconds=args.seconds,
                extra_headers=headers,
                pause_s=poll_delay,
            )
        ]
        # The ceiling: the same pollers without a pause (wrk when installed).
        results.append(
            run_back_to_back(
                f"poll, {args.pollers} pollers back to back",
                prodenv.HOST,
                port,
                url,
                concurrency=args.pollers,
                max_requests=args.requests,
                max_seconds=args.seconds,
                extra_headers=headers,
            )
        )
    print()
    print_table(results)
    verdict = "OK" if queries <= MAX_QUERIES else "ABOVE TARGET"
    print(f"SQL queries per poll: {queries} (target <= {MAX_QUERIES}: {verdict})")
    if queries > MAX_QUERIES:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
