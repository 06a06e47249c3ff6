"""Mixed load on the production configuration: readers, pollers and checks started at once.

    .venv/bin/python bench/load.py [--readers 16] [--pollers 40] [--checks 20] [--seconds 20]

Production configuration (bench/prodenv.py) under gunicorn with a django-q2 qcluster on the
Redis broker. KSeF is the simulator, run as a separate server process (DEBUG on, its own
database), as a remote KSeF would be: production settings never mount it. The checks' per-address
and per-NIP limits are raised for the run, since every check comes from 127.0.0.1 with the
simulator's one working token.

K checks are started through the real form (GET for the CSRF cookie and token, then POST); then
N readers (article pages and search) and M pollers (the htmx status fragment of the started
checks) run together for --seconds. Afterwards every check must reach a final state within
--settle seconds: the ones that do not are "lost" (target 0). Loopback only, bounded in count
and time; every process started is stopped.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prodenv
from bench.loadgen import LoadResult, print_table, run_load

READER_PATHS = [
    "/artykul/blad-403-sessions-online/",
    "/en/artykul/error-403-sessions-online/",
    "/artykul/nadawanie-uprawnien/",
    "/artykul/tokeny-ksef/",
    "/szukaj/?q=403",
    "/szukaj/?q=uprawnienia+do+sesji",
    "/artykul/blad-429-limity/",
    "/szukaj/?q=token+nieaktywny",
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEVER_LIMITED = "100000"


def start_check(base: str, nip: str, token: str, result: LoadResult) -> str | None:
    """The form as a browser fills it; returns the check's path."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    started = time.perf_counter()
    try:
        form = opener.open(f"{base}/sprawdz-sesje/", timeout=30).read().decode()
        match = CSRF.search(form)
        assert match is not None
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match[1], "env": "test", "nip": nip, "token": token}
        ).encode()
        # base is our own http://127.0.0.1 server.
        request = urllib.request.Request(  # noqa: S310
            f"{base}/sprawdz-sesje/", data=data, headers={"Referer": f"{base}/sprawdz-sesje/"}
        )
        response = opener.open(request, timeout=30)
        path = urllib.parse.urlsplit(response.url).path
    except (OSError, AssertionError):
        result.errors += 1
        return None
    result.latencies_ms.append((time.perf_counter() - started) * 1000)
    if not path.startswith("/sprawdz-sesje/") or path == "/sprawdz-sesje/":
        result.errors += 1
        return None
    return path


def check_states(env: dict[str, str]) -> dict[str, int]:
    out = prodenv.manage(
        env,
        "shell",
        "-c",
        "import json; from django.db.models import Count; "
        "from portal.checks.models import SessionCheck as C; "
        "print(json.dumps({r['status']: r['n'] for r in "
        "C.objects.values('status').annotate(n=Count('id'))}))",
    )
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--pollers", type=int, default=40)
    parser.add_argument("--checks", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--settle", type=float, default=60)
    args = parser.parse_args()

    sim_port, web_port = prodenv.free_port(), prodenv.free_port()
    sim_env = {
        **prodenv.production_env(database=prodenv.database_url("bench_sim"), redis=False),
        "DEBUG": "1",
        "KSEF_SIMULATOR": "1",
        "SITE_URL": f"http://{prodenv.HOST}:{sim_port}",
    }
    env = {
        **prodenv.production_env(),
        "KSEF_TEST_URL": f"http://{prodenv.HOST}:{sim_port}/ksef-sim/test/v2",
        "CHECK_STARTS_PER_ADDRESS_PER_HOUR": NEVER_LIMITED,
        "CHECK_STARTS_PER_NIP_PER_HOUR": NEVER_LIMITED,
        "CHECK_SESSION_CALLS_PER_MINUTE": NEVER_LIMITED,
        "Q_WORKERS": "2",
    }
    print(f"database: {env['DATABASE_URL']}  redis: {env.get('REDIS_URL', 'none (LocMem)')}")
    if "REDIS_URL" not in env:
        print("note: no Redis here, the worker uses django-q2's ORM broker")
    prodenv.manage(sim_env, "migrate", "--noinput")
    prodenv.manage(sim_env, "load_simulator_scenarios")
    scenario = prodenv.manage(
        sim_env,
        "shell",
        "-c",
        "from portal.simulator.scenarios import BY_NAME; s = BY_NAME['ok']; print(s.nip, s.token)",
    )
    nip, token = scenario.strip().splitlines()[-1].split(" ", 1)
    prodenv.set_up(env)
    prodenv.manage(env, "setup_schedules")

    base = f"http://{prodenv.HOST}:{web_port}"
    simulator = prodenv.process(
        [prodenv.PYTHON, "manage.py", "runserver", f"{prodenv.HOST}:{sim_port}", "--noreload"],
        sim_env,
        ready_url=f"http://{prodenv.HOST}:{sim_port}/ksef-sim/",
    )
    worker = prodenv.process([prodenv.PYTHON, "manage.py", "qcluster"], env)
    with simulator, prodenv.gunicorn(env, web_port), worker:
        # Warm-up: each gunicorn process loads the search's lemma dictionaries on its first query.
        run_load(
            "warm-up",
            prodenv.HOST,
            web_port,
            READER_PATHS,
            concurrency=8,
            max_requests=400,
            max_seconds=60,
        )
        starts = LoadResult(f"check started (form GET+POST) x{args.checks}")
        began = time.perf_counter()
        paths = [start_check(base, nip, token, starts) for _ in range(args.checks)]
        starts.elapsed_s = time.perf_counter() - began
        polled = [p for p in paths if p] or ["/sprawdz-sesje/"]

        # Readers and pollers at once, each group on its own event loop in its own thread.
        groups = {
            "readers": (
                f"readers x{args.readers} (articles, search)",
                READER_PATHS,
                args.readers,
                {},
            ),
            "pollers": (
                f"pollers x{args.pollers} (status fragment)",
                polled,
                args.pollers,
                {"HX-Request": "true"},
            ),
        }
        results: dict[str, LoadResult] = {}

        def load(group: str) -> None:
            name, paths_, concurrency, headers = groups[group]
            results[group] = run_load(
                name,
                prodenv.HOST,
                web_port,
                paths_,
                concurrency=concurrency,
                max_requests=args.requests,
                max_seconds=args.seconds,
                extra_headers=headers,
            )

        threads = [threading.Thread(target=load, args=(group,)) for group in groups]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        deadline = time.monotonic() + args.settle
        states = check_states(env)
        while time.monotonic() < deadline:
            if not any(states.get(s, 0) for s in ("queued", "running", "waiting")):
                break
            time.sleep(1)
            states = check_states(env)

    print()
    print_table([results["readers"], results["pollers"], starts])
    lost = sum(states.get(s, 0) for s in ("queued", "running", "waiting"))
    print(f"checks by final state: {states}")
    print(f"lost checks (not in a final state {args.settle:.0f} s after the load): {lost}")
    if lost or starts.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
