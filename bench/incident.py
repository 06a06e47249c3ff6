"""Incident day: many people start a session check within a minute, each for their own company.

    .venv/bin/python bench/incident.py [--checks 120] [--rate 2] [--set NAME=VALUE ...]

The production configuration (bench/prodenv.py) with its background processes as
docs/operators.md runs them, behind a proxy: ``TRUSTED_PROXIES`` is set and every person comes
from an address of their own in ``X-Forwarded-For``. KSeF is the simulator run as a separate
server (DEBUG on, its own database) that answers each call in 0.15-0.45 s and keeps an
authentication "in progress" for 2 s: one check then needs about 5 s of KSeF's time.

Each of --checks people, started --rate a second, opens the form (GET, for the CSRF cookie and
token), submits it (POST) for a NIP of their own with a working token, and then polls the check's
page as the page itself does (its htmx fragment, CHECK_POLL_DELAY_SECONDS after each answer) until
the verdict. Meanwhile --readers people read the 403 article, one page every --read-pause s.

Printed: when the first step and the verdict were on screen (p50/p95/max, from the POST), the
checks lost (not started, or without a verdict --settle s after the last start), the article
page's p95, the largest place in the queue a page showed, and the peak memory (RSS, and PSS,
which counts pages shared between forked processes once) of the web server and of the
background processes, with the load average before and after. --set passes a setting to the
portal's processes (e.g. ``--set Q_WORKERS=16``) to compare configurations.

Loopback only; every process started is stopped. On a shared machine give the run its own
database and Redis db: BENCH_DATABASE=... BENCH_REDIS_URL=redis://127.0.0.1:6379/N.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prodenv
from bench.loadgen import LoadResult

ARTICLE = "/artykul/blad-403-sessions-online/"
FORM = "/sprawdz-sesje/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUEUE_PLACE = re.compile(r'data-queue-place="(\d+)"')
# The expected wait as the page words it (Polish, the default language).
EXPECTED_WAIT = re.compile(r"Szacowany czas oczekiwania: ok\. (\d+) (s|min)")
# The background processes of the production configuration, as docs/operators.md starts them.
BACKGROUND = [["manage.py", "qcluster"], ["manage.py", "run_checks"]]


@dataclass
class Person:
    number: int
    started: float = 0.0  # when the form was submitted (perf_counter)
    first_step: float | None = None
    verdict: float | None = None
    error: str = ""
    largest_place: int = 0
    # The first expected wait the page showed, and when: to compare with the real wait.
    expected: tuple[float, float] | None = None  # (seen at, seconds)

    @property
    def address(self) -> str:
        return f"10.20.{self.number // 250}.{self.number % 250 + 1}"


def start_and_follow(
    base: str, person: Person, nip: str, token: str, poll_delay: float, until: float
) -> None:
    """What one person's browser does: the form, then the check's page until its verdict."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = person.address
    try:
        form = session.get(base + FORM, timeout=30)
        match = CSRF.search(form.text)
        if match is None:
            person.error = f"form {form.status_code}"
            return
        data = {"csrfmiddlewaretoken": match[1], "env": "test", "nip": nip, "token": token}
        person.started = time.perf_counter()
        answer = session.post(
            base + FORM, data=data, headers={"Referer": base + FORM}, allow_redirects=False
        )
        location = answer.headers.get("Location", "")
        if answer.status_code != 302 or not location.startswith(FORM) or location == FORM:
            person.error = f"submit {answer.status_code}"
            return
        while time.perf_counter() < until:
            page = session.get(base + location, headers={"HX-Request": "true"}, timeout=30)
            now = time.perf_counter()
            if person.first_step is None and '<ol class="steps">' in page.text:
                person.first_step = now
            for place in QUEUE_PLACE.findall(page.text):
                person.largest_place = max(person.largest_place, int(place))
            wait = EXPECTED_WAIT.search(page.text)
            if wait and person.expected is None:
                person.expected = (now, int(wait[1]) * (60 if wait[2] == "min" else 1))
            if 'hx-trigger="load delay' not in page.text:
                person.verdict = now
                person.first_step = person.first_step or now
                return
            time.sleep(poll_delay)
    except requests.RequestException as exc:
        person.error = type(exc).__name__


def read_articles(base: str, result: LoadResult, pause: float, stop: threading.Event) -> None:
    session = requests.Session()
    while not stop.is_set():
        started = time.perf_counter()
        try:
            answer = session.get(base + ARTICLE, timeout=30)
            if answer.status_code != 200:
                result.errors += 1
        except requests.RequestException:
            result.errors += 1
        else:
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
        stop.wait(pause)


def _group(pgid: int) -> list[int]:
    """The processes of one process group (a server and every child it forked)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The fields after the command name (which may hold spaces), in parentheses.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def _memory_kb(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process, in kB (0, 0 once it is gone)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", rollup, re.MULTILINE))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


class MemoryPeaks:
    """The peak of the summed RSS and PSS of each named process group, sampled twice a second."""

    def __init__(self, groups: dict[str, int]) -> None:
        self.groups = groups
        self.rss: dict[str, int] = dict.fromkeys([*groups, "total"], 0)
        self.pss: dict[str, int] = dict.fromkeys([*groups, "total"], 0)
        self.at_start: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> dict[str, int]:
        rss_total = pss_total = 0
        for name, pgid in self.groups.items():
            sizes = [_memory_kb(pid) for pid in _group(pgid)]
            rss, pss = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
            self.rss[name] = max(self.rss[name], rss)
            self.pss[name] = max(self.pss[name], pss)
            rss_total, pss_total = rss_total + rss, pss_total + pss
        self.rss["total"] = max(self.rss["total"], rss_total)
        self.pss["total"] = max(self.pss["total"], pss_total)
        return {"rss": rss_total, "pss": pss_total}

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()

    def __enter__(self) -> MemoryPeaks:
        self.at_start = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# Run in a Django shell of the portal: prints the outcome as one line of JSON.
STORED_OUTCOME = """
import json
from django.db.models import Count
from portal.checks.models import SessionCheck
first, verdict = [], []
for check in SessionCheck.objects.prefetch_related("steps"):
    ends = [s.started_at.timestamp() + (s.duration_ms or 0) / 1000 for s in check.steps.all()]
    if ends:
        first.append(min(ends) - check.created_at.timestamp())
    if check.finished_at:
        verdict.append((check.finished_at - check.created_at).total_seconds())
rows = SessionCheck.objects.values("status", "cause").annotate(n=Count("id"))
states = {f"{row['status']} {row['cause']}".strip(): row["n"] for row in rows}
print(json.dumps({"states": states, "first": first, "verdict": verdict}))
"""


def stored_outcome(env: dict[str, str]) -> dict[str, object]:
    """What the database says: checks by state and verdict, and the same two times measured
    from the check's creation to its first step's end and to its verdict (seconds)."""
    out = prodenv.manage(env, "shell", "-c", STORED_OUTCOME)
    return dict(json.loads(out.strip().splitlines()[-1]))


def seconds_series(name: str, values: list[float]) -> LoadResult:
    return LoadResult(name, latencies_ms=[v * 1000 for v in values])


def line(result: LoadResult, unit: str = "s") -> str:
    scale = 1000 if unit == "s" else 1
    if not result.count:
        return f"{result.name}: none"
    p50, p95, most = (result.percentile(p) / scale for p in (50, 95, 100))
    return f"{result.name}: p50 {p50:.1f} {unit}, p95 {p95:.1f} {unit}, max {most:.1f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=120)
    parser.add_argument("--rate", type=float, default=2.0, help="checks started a second")
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--read-pause", type=float, default=0.2)
    parser.add_argument("--settle", type=float, default=300)
    parser.add_argument("--latency-ms", type=int, default=150)
    parser.add_argument("--latency-spread-ms", type=int, default=300)
    parser.add_argument("--auth-seconds", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="web port; the simulator's is next")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()

    web_port = args.port or prodenv.free_port()
    sim_port = web_port + 1 if args.port else prodenv.free_port()
    # The simulator keeps its state in a SQLite file: runserver starts a thread per request, and
    # on PostgreSQL each thread's kept connection (CONN_MAX_AGE) lingered until the server
    # refused new ones, the portal's included. A remote KSeF takes none of the portal's.
    sim_database = Path(tempfile.gettempdir()) / f"{prodenv.DATABASE}-sim.sqlite3"
    sim_database.unlink(missing_ok=True)
    sim_env = {
        **prodenv.production_env(database=f"sqlite:///{sim_database}", redis=False),
        "DEBUG": "1",
        "KSEF_SIMULATOR": "1",
        "SITE_URL": f"http://{prodenv.HOST}:{sim_port}",
        "KSEF_SIMULATOR_AUTH_SECONDS": str(args.auth_seconds),
        "KSEF_SIMULATOR_LATENCY_MS": str(args.latency_ms),
        "KSEF_SIMULATOR_LATENCY_SPREAD_MS": str(args.latency_spread_ms),
    }
    env = {
        **prodenv.production_env(),
        "KSEF_TEST_URL": f"http://{prodenv.HOST}:{sim_port}/ksef-sim/test/v2",
        "KSEF_LATARNIA_TEST_URL": f"http://{prodenv.HOST}:{sim_port}/ksef-sim/test/latarnia",
        "KSEF_LATARNIA_DEMO_URL": f"http://{prodenv.HOST}:{sim_port}/ksef-sim/demo/latarnia",
        "KSEF_LATARNIA_PROD_URL": f"http://{prodenv.HOST}:{sim_port}/ksef-sim/prod/latarnia",
        "TRUSTED_PROXIES": "127.0.0.1/32",
    }
    for item in args.set:
        name, _, value = item.partition("=")
        env[name] = value
    settings = ", ".join(args.set) or "defaults"
    print(f"database: {env['DATABASE_URL']}  redis: {env.get('REDIS_URL', 'none')}")
    print(f"portal settings: {settings}; background: {', '.join(' '.join(b) for b in BACKGROUND)}")
    prodenv.manage(sim_env, "migrate", "--noinput")
    prodenv.manage(sim_env, "load_simulator_scenarios")
    out = prodenv.manage(
        sim_env,
        "shell",
        "-c",
        "import json; from portal.simulator.installing import install_working_tokens; "
        f"print(json.dumps(install_working_tokens({args.checks})))",
    )
    tokens = json.loads(out.strip().splitlines()[-1])
    prodenv.set_up(env)
    prodenv.manage(env, "setup_schedules")
    poll_delay = float(
        prodenv.manage(
            env,
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.CHECK_POLL_DELAY_SECONDS)",
        ).split()[-1]
    )

    base = f"http://{prodenv.HOST}:{web_port}"
    load_before = os.getloadavg()
    with ExitStack() as stack:
        stack.enter_context(
            prodenv.process(
                [
                    prodenv.PYTHON,
                    "manage.py",
                    "runserver",
                    f"{prodenv.HOST}:{sim_port}",
                    "--noreload",
                ],
                sim_env,
                ready_url=f"http://{prodenv.HOST}:{sim_port}/ksef-sim/",
            )
        )
        web = stack.enter_context(prodenv.gunicorn(env, web_port))
        groups = {"web": web.pid}
        for number, command in enumerate(BACKGROUND):
            log = Path(tempfile.gettempdir()) / f"incident-{command[-1]}.log"
            proc = stack.enter_context(prodenv.process([prodenv.PYTHON, *command], env, log=log))
            groups[f"background {number + 1}" if len(BACKGROUND) > 1 else "background"] = proc.pid
        # Every web process renders the form and the article once before the clock starts.
        for _ in range(20):
            requests.get(base + FORM, timeout=30)
            requests.get(base + ARTICLE, timeout=30)
        time.sleep(5)  # the background processes have started their workers

        article = LoadResult(f"403 article page, {args.readers} readers")
        people = [Person(n) for n in range(args.checks)]
        with MemoryPeaks(groups) as memory:
            stop_reading = threading.Event()
            readers = [
                threading.Thread(
                    target=read_articles, args=(base, article, args.read_pause, stop_reading)
                )
                for _ in range(args.readers)
            ]
            began = time.perf_counter()
            last_start = began + (args.checks - 1) / args.rate
            until = last_start + args.settle
            followers = []
            for t in readers:
                t.start()
            for person, (nip, token) in zip(people, tokens, strict=True):
                time.sleep(max(0.0, began + person.number / args.rate - time.perf_counter()))
                follower = threading.Thread(
                    target=start_and_follow,
                    args=(base, person, nip, token, poll_delay, until),
                )
                follower.start()
                followers.append(follower)
            for follower in followers:
                follower.join()
            article.elapsed_s = time.perf_counter() - began
            stop_reading.set()
            for t in readers:
                t.join()
        stored = stored_outcome(env)
    load_after = os.getloadavg()

    started = [p for p in people if p.started]
    first = seconds_series(
        "first step on screen", [p.first_step - p.started for p in started if p.first_step]
    )
    verdict = seconds_series(
        "verdict on screen", [p.verdict - p.started for p in started if p.verdict]
    )
    lost = [p for p in people if p.verdict is None]
    errors: dict[str, int] = {}
    for person in people:
        if person.error:
            errors[person.error] = errors.get(person.error, 0) + 1
    queued = [p.largest_place for p in people if p.largest_place]
    print()
    print(
        f"{args.checks} checks at {args.rate}/s, KSeF {args.latency_ms}-"
        f"{args.latency_ms + args.latency_spread_ms} ms a call, authentication "
        f"{args.auth_seconds} s; load average before {load_before[0]:.2f}, "
        f"after {load_after[0]:.2f} (1 min), {load_after[1]:.2f} (5 min)"
    )
    print(line(first))
    print(line(verdict))
    print(line(seconds_series("first step stored (database)", stored["first"])))  # type: ignore[arg-type]
    print(line(seconds_series("verdict stored (database)", stored["verdict"])))  # type: ignore[arg-type]
    print(f"lost checks: {len(lost)} (errors: {errors or 'none'}); by state: {stored['states']}")
    print(f"{line(article, 'ms')}, {article.count} pages, {article.errors} errors")
    if queued:
        print(f"pages that showed a place in the queue: {len(queued)}, largest place {max(queued)}")
    # Shown against what happened: from the moment a page first showed an expected wait to the
    # first step on screen (which the page's poll shows up to CHECK_POLL_DELAY_SECONDS late).
    gaps = [
        (p.first_step - p.expected[0]) - p.expected[1]
        for p in people
        if p.expected and p.first_step and p.expected[1] >= 10
    ]
    if gaps:
        errors_s = seconds_series("first step came later than the expected wait by", gaps)
        print(f"{line(errors_s)} ({len(gaps)} pages that showed a wait of 10 s or more)")
    mb = {name: round(kb / 1024) for name, kb in memory.rss.items()}
    pss = {name: round(kb / 1024) for name, kb in memory.pss.items()}
    print(
        f"memory at start: RSS {memory.at_start['rss'] / 1024:.0f} MB, "
        f"PSS {memory.at_start['pss'] / 1024:.0f} MB"
    )
    print(f"peak RSS (MB): {mb}")
    print(f"peak PSS (MB): {pss}")
    if lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
