"""Article page against the stack's ceiling, and SQL queries per public page.

    .venv/bin/python bench/pages.py [--concurrency 16] [--rounds 7] [--seconds 5]

Runs the production configuration (see bench/prodenv.py: DEBUG off, PostgreSQL, Redis, gunicorn
with portal/gunicorn.conf.py) on a loopback port. Writes a static file of exactly the article
page's size into STATIC_ROOT, then loads the 403 article page and that file with the same
concurrency, in alternating rounds, and prints both with the ratio (target: article >= 0.5 of the
static file's requests/s). The load comes from Debian's
wrk when it is installed (`apt-get install wrk`), else from bench/loadgen.py's asyncio client,
which competes with the server for the CPU (--loadgen chooses).

Then counts SQL queries per public page in-process (CaptureQueriesContext) on the starter
content and again with --extra (200) generated articles more, to show the counts do not grow with
the number of articles. Bounded: each load phase by --requests and --seconds; gunicorn is always
stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prodenv
from bench.loadgen import Measured, have_wrk, print_table, run_back_to_back, run_load

ARTICLE = "/artykul/blad-403-sessions-online/"
STATIC_NAME = "bench-article-size.html"


def _child(mode: str, env: dict[str, str], *args: str) -> Any:
    # The in-process child renders the page thousands of times: minutes on a busy machine.
    return prodenv.child(__file__, env, mode, *args)


# --- In-process parts (run in a child with the production environment) ---------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def _running_check() -> str:
    """A check under way (as a poller sees it), made inline: no KSeF call is needed to poll."""
    from datetime import timedelta

    from django.utils import timezone

    from portal.checks import tokenvault
    from portal.checks.models import CheckStep, Outcome, SessionCheck, Status, StepName

    now = timezone.now()
    check = SessionCheck.objects.create(
        environment="test",
        nip="1234563218",
        created_at=now,
        deadline=now + timedelta(days=1),
        lease_until=now + timedelta(days=1),
        status=Status.RUNNING,
        token_ciphertext=tokenvault.seal("bench-token-never-used"),
    )
    for name in (StepName.CERTIFICATES, StepName.CHALLENGE):
        CheckStep.objects.create(
            session_check=check,
            environment="test",
            name=name,
            outcome=Outcome.OK,
            started_at=now,
        )
    return check.public_id


def public_pages(check_id: str) -> dict[str, tuple[str, dict[str, str]]]:
    from kb.models import Article

    article = Article.objects.select_related("category").get(slug=ARTICLE.split("/")[2])
    htmx = {"HTTP_HX_REQUEST": "true"}
    return {
        "home": ("/", {}),
        "category": (f"/kategoria/{article.category.slug}/", {}),
        "article": (ARTICLE, {}),
        "article history": (f"{ARTICLE}historia/", {}),
        "old version": (f"{ARTICLE}wersja/1/", {}),
        "search results": ("/szukaj/?q=403+uprawnienia", {}),
        "errorlinks landing": ("/pomoc/blad/?status=403&endpoint=/sessions/online", {}),
        "integrator docs": ("/pomoc/dla-integratorow/", {}),
        "sitemap": ("/sitemap.xml", {}),
        "feed": ("/zmiany.atom", {}),
        "check form": ("/sprawdz-sesje/", {}),
        "check status page": (f"/sprawdz-sesje/{check_id}/", {}),
        "check poll fragment": (f"/sprawdz-sesje/{check_id}/", htmx),
        "ksef status": ("/stan-ksef/", {}),
        "ksef status refresh": ("/stan-ksef/", htmx),
        "ksef status JSON": ("/api/v1/ksef-status/", {}),
    }


def count_queries(check_id: str) -> dict[str, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.status import hourly, observations

    # The status page's observations and hourly shares are computed by its first view of each
    # minute: count that view, the dearest, whatever the previous count left in the cache.
    cache.delete_many([observations.CACHE_KEY, hourly.CACHE_KEY])
    client = Client()
    counts = {}
    for name, (url, headers) in public_pages(check_id).items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **headers)  # type: ignore[arg-type]
        if response.status_code != 200:
            raise SystemExit(f"{name} {url}: HTTP {response.status_code}")
        counts[name] = len(ctx.captured_queries)
    return counts


def _session_cookie() -> str:
    """The Cookie header of a reader with a session (as after logging in or a stored message)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["bench"] = True
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def in_process_costs(count: int) -> dict[str, float]:
    """CPU ms per request of the WSGI application itself (no server, no network), for the
    article page (a reader without cookies: the cached copy; a reader with a session cookie: the
    page rendered), the feedback form the page loads with htmx (which counts the view) and the
    static file, alternating blocks of 100: a steadier figure than requests/s on a machine whose
    speed drifts."""
    import io
    import time

    from portal.wsgi import application

    def call(path: str, headers: dict[str, str]) -> str:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **headers,
        }
        statuses = []
        b"".join(application(environ, lambda status, _, exc_info=None: statuses.append(status)))
        return statuses[0]

    targets = {
        "article page": (ARTICLE, {}),
        "article, session cookie": (ARTICLE, {"HTTP_COOKIE": _session_cookie()}),
        "feedback form (htmx)": (f"{ARTICLE}opinia/", {"HTTP_HX_REQUEST": "true"}),
        "static file": (f"/static/{STATIC_NAME}", {}),
    }
    spent = dict.fromkeys(targets, 0.0)
    for name, (path, headers) in targets.items():
        status = call(path, headers)
        if not status.startswith("200"):
            raise SystemExit(f"{name}: {status}")
    for _ in range(max(1, count // 100)):
        for name, (path, headers) in targets.items():
            start = time.process_time()
            for _ in range(100):
                call(path, headers)
            spent[name] += time.process_time() - start
    return {name: total / max(1, count // 100) / 100 * 1000 for name, total in spent.items()}


def add_articles(count: int) -> int:
    """``count`` published Polish articles in the 403 article's category, searchable for 403."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from kb import revisions
    from kb.models import Article

    editor, _ = User.objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    category = Article.objects.get(slug=ARTICLE.split("/")[2]).category
    start = Article.objects.filter(slug__startswith="bench-").count()
    for n in range(start, start + count):
        with transaction.atomic():
            article = Article.objects.create(slug=f"bench-{n}", language="pl", category=category)
            revision = revisions.create_revision(
                article,
                title=f"Błąd 403 przypadek {n}",
                summary="Odmowa otwarcia sesji interaktywnej.",
                body=f"## Przyczyna\n\nBrak uprawnień do NIP w przypadku {n}. Błąd 403.",
                change_note="Bench",
                author=editor,
            )
            revisions.publish(revision, editor)
    return Article.objects.filter(published_revision__isnull=False).count()


def child(mode: str, args: list[str]) -> None:
    _django()
    if mode == "prepare":
        from django.conf import settings
        from django.test import Client

        size = len(Client().get(ARTICLE).content)
        (Path(settings.STATIC_ROOT) / STATIC_NAME).write_bytes(b"x" * size)
        print(json.dumps({"size": size, "check": _running_check()}))
    elif mode == "poll-queries":
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        url, headers = public_pages(args[0])["check poll fragment"]
        client = Client()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, **headers)  # type: ignore[arg-type]
        print(json.dumps({"queries": len(ctx.captured_queries)}))
    elif mode == "in-process":
        print(json.dumps(in_process_costs(int(args[0]))))
    elif mode == "queries":
        check_id = args[0]
        from kb.models import Article

        before = Article.objects.filter(published_revision__isnull=False).count()
        small = count_queries(check_id)
        after = add_articles(int(args[1]))
        large = count_queries(check_id)
        print(json.dumps({"sizes": [before, after], "small": small, "large": large}))


# --- The run ----------------------------------------------------------------------------------


def _median_round(results: list[Measured]) -> Measured:
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000, help="per round (asyncio client)")
    parser.add_argument("--seconds", type=float, default=5, help="per round, at most")
    parser.add_argument("--extra", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1:])
        return
    use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and have_wrk())
    if args.loadgen == "wrk" and not have_wrk():
        raise SystemExit("wrk is not installed: apt-get install wrk")

    env = prodenv.production_env()
    print(f"database: {env['DATABASE_URL']}  redis: {env.get('REDIS_URL', 'none (LocMem)')}")
    print(f"load generator: {'wrk' if use_wrk else 'asyncio (bench/loadgen.py)'}")
    prodenv.set_up(env)
    prepared = _child("prepare", env)
    port = prodenv.free_port()
    host = prodenv.HOST

    def measure(name: str, path: str) -> Measured:
        return run_back_to_back(
            name,
            host,
            port,
            path,
            concurrency=args.concurrency,
            max_requests=args.requests,
            max_seconds=args.seconds,
            use_wrk=use_wrk,
        )

    with prodenv.gunicorn(env, port):
        # Warm-up: every worker process fills its connections and its copy of the page.
        run_load("warm-up", host, port, [ARTICLE], concurrency=8, max_requests=400, max_seconds=10)
        # Alternate the two targets for several rounds: this machine's speed drifts (a fixed CPU
        # loop varies by half from one second to the next), and alternating lets each article
        # round be compared with the static round run right after it.
        rounds: dict[str, list[Measured]] = {"article": [], "static": []}
        for _ in range(args.rounds):
            rounds["article"].append(measure(f"article page ({prepared['size']} B)", ARTICLE))
            rounds["static"].append(
                measure(f"static file ({prepared['size']} B)", f"/static/{STATIC_NAME}")
            )
    print(f"\ngunicorn (portal/gunicorn.conf.py), concurrency {args.concurrency}")
    print(f"every round ({args.rounds} rounds, alternating):")
    print_table([r for pair in zip(rounds["article"], rounds["static"], strict=True) for r in pair])
    article = _median_round(rounds["article"])
    static = _median_round(rounds["static"])
    print("median round of each:")
    print_table([article, static])
    ratio = article.rps / static.rps if static.rps else 0.0
    pairs = [
        a.rps / s.rps for a, s in zip(rounds["article"], rounds["static"], strict=True) if s.rps
    ]
    verdict = "OK" if ratio >= 0.5 else "BELOW TARGET"
    print(f"article/static requests/s ratio (medians): {ratio:.2f} (target >= 0.50: {verdict})")
    print(
        f"article/static ratio of each round with the next: "
        f"{', '.join(f'{r:.2f}' for r in pairs)} (median {_median(pairs):.2f})"
    )

    costs = _child("in-process", env, "3000")
    print("\nCPU per request in-process (WSGI application only):")
    for name, ms in costs.items():
        print(f"  {name:<26} {ms:.3f} ms")

    # Each page's own queries: an article page's copy would answer the second count with none.
    counts_env = {**env, "KB_ARTICLE_PAGE_SECONDS": "0"}
    counts = _child("queries", counts_env, prepared["check"], str(args.extra))
    small, large = counts["sizes"]
    print(f"\nSQL queries per page (in-process), {small} vs {large} published articles")
    print(f"{'page':<24} {small:>8} {large:>8}  grows")
    for name, n in counts["small"].items():
        m = counts["large"][name]
        print(f"{name:<24} {n:>8} {m:>8}  {'YES' if m > n else 'no'}")


if __name__ == "__main__":
    main()
