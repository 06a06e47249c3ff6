"""What each of the portal's caches saves: the same request with the cache warm, and with the
cache emptied before every request.

    .venv/bin/python bench/caches.py [--checks 3000] [--repeat 300]

Runs in-process in the production configuration (bench/prodenv.py: PostgreSQL and Redis when
they answer; BENCH_DATABASE and BENCH_REDIS_URL choose others), on the starter articles and
``--checks`` finished checks with their steps, spread over the last 7 days (what /stan-ksef/'s
figures and charts aggregate). Each figure is the CPU time (this process only: the database's
work is the wall time's) and the wall time per request through Django's test client (the whole
middleware stack, the view and the template), the median of blocks of 20 requests, the blocks
of each pair of rows alternating: this machine's speed drifts, so a row is compared with its
partner rather than with the run before. The targets this is read against:
an article page rendered in under 5 ms, and bench/pages.py's article at half a static file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prodenv

ARTICLE = "/artykul/blad-403-sessions-online/"
BLOCK = 20


def _add_checks(count: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from portal.checks.causes import Cause
    from portal.checks.models import CheckStep, Outcome, SessionCheck, Status, StepName

    now = timezone.now()
    rng = random.Random(22)
    causes = [Cause.SESSION_OK] * 3 + [Cause.PROPAGATION, Cause.NO_RIGHTS_FOR_NIP]
    checks = []
    for n in range(count):
        finished = now - timedelta(seconds=rng.uniform(0, 7 * 24 * 3600))
        cause = causes[n % len(causes)]
        checks.append(
            SessionCheck(
                environment=("test", "demo", "prod")[n % 3],
                nip="1234563218",
                created_at=finished - timedelta(minutes=3),
                deadline=finished + timedelta(minutes=12),
                status=Status.DONE,
                cause=cause,
                attempts=1,
                finished_at=finished,
                first_denied_at=(
                    finished - timedelta(minutes=rng.uniform(1, 10))
                    if cause == Cause.PROPAGATION
                    else None
                ),
            )
        )
    SessionCheck.objects.bulk_create(checks, batch_size=500)
    names = [name for name in StepName if name not in (StepName.PACING, StepName.RETRY)]
    steps = [
        CheckStep(
            session_check=check,
            attempt=1,
            environment=check.environment,
            name=name,
            outcome=Outcome.OK,
            started_at=check.created_at,
            duration_ms=rng.randint(40, 900),
            http_status=rng.choice((200, 200, 200, 200, 429, 503)),
        )
        for check in SessionCheck.objects.filter(status=Status.DONE)
        for name in names[:9]
    ]
    CheckStep.objects.bulk_create(steps, batch_size=2000)


def _staff_client():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User
    from django.test import Client

    user, _ = User.objects.get_or_create(
        username="bench-caches", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def _ms(request: Callable[[], None], before: Callable[[], None], repeat: int) -> list[float]:
    """[CPU ms, wall ms] per request, each the median of blocks of BLOCK requests."""
    blocks: list[list[float]] = [[], []]
    for _ in range(max(1, repeat // BLOCK)):
        cpu = wall = 0.0
        for _ in range(BLOCK):
            before()
            start, started = time.process_time(), time.perf_counter()
            request()
            cpu += time.process_time() - start
            wall += time.perf_counter() - started
        blocks[0].append(cpu / BLOCK * 1000)
        blocks[1].append(wall / BLOCK * 1000)
    return [statistics.median(values) for values in blocks]


def _memos() -> dict[str, tuple[Callable[[], None], Callable[[], None]]]:
    """The in-process memos, each called as its page calls it: a whole article's words through
    the lemmatizer (as indexing does), and a search (one results page) with the vocabulary kept
    or loaded again."""
    from django.test import Client

    from kb.models import Article
    from kb.search import text, vocabulary

    article = Article.objects.select_related("published_revision").get(slug=ARTICLE.split("/")[2])
    assert article.published_revision is not None
    body = article.published_revision.body
    reader = Client()
    forms = len(vocabulary.current_vocabulary())

    def lemmas() -> None:
        text.analyze(body, "pl")

    def search() -> None:
        assert reader.get("/szukaj/", {"q": "uprawnienia sesja"}).status_code == 200

    def nothing() -> None:
        pass

    def unremembered(module: Any, name: str, call: Callable[[], None]) -> Callable[[], None]:
        """``call`` with the module's lru_cache-d function replaced by the function itself."""

        def request() -> None:
            remembered = getattr(module, name)
            setattr(module, name, remembered.__wrapped__)
            try:
                call()
            finally:
                setattr(module, name, remembered)

        return request

    return {
        "403 article's words, lemmas remembered": (lemmas, nothing),
        "403 article's words, no lru_cache": (unremembered(text, "word_term", lemmas), nothing),
        f"search page, vocabulary ({forms} forms) kept": (search, nothing),
        f"search page, vocabulary ({forms} forms) loaded": (
            search,
            vocabulary.forget_vocabulary,
        ),
    }


def measure(checks: int, repeat: int) -> dict[str, list[float]]:
    import django

    django.setup()
    from django.core.cache import cache, caches
    from django.test import Client

    from portal.status import hourly, observations

    _add_checks(checks)
    reader, writer, staff = Client(), Client(), _staff_client()
    writer.cookies["sessionid"] = "bench"  # any session cookie: past the page's copy
    local = caches["local"]

    def get(client: Client, path: str) -> Callable[[], None]:
        def request() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return request

    def nothing() -> None:
        pass

    def drop(*keys: str) -> Callable[[], None]:
        return lambda: cache.delete_many(list(keys))

    status_keys = (hourly.CACHE_KEY, observations.CACHE_KEY)
    rows: dict[str, tuple[Callable[[], None], Callable[[], None]]] = {
        "article, page copy (cache_page, local)": (get(reader, ARTICLE), nothing),
        "article, page rendered anew": (get(reader, ARTICLE), local.clear),
        "article rendered, Markdown cached": (get(writer, ARTICLE), nothing),
        "article rendered, Markdown rendered": (get(writer, ARTICLE), local.clear),
        "article rendered, observations cached": (get(writer, ARTICLE), nothing),
        "article rendered, observations computed": (
            get(writer, ARTICLE),
            drop(observations.CACHE_KEY),
        ),
        "/stan-ksef/, both caches warm": (get(reader, "/stan-ksef/"), nothing),
        "/stan-ksef/, hourly computed": (get(reader, "/stan-ksef/"), drop(hourly.CACHE_KEY)),
        "/stan-ksef/, both warm (again)": (get(reader, "/stan-ksef/"), nothing),
        "/stan-ksef/, both computed": (get(reader, "/stan-ksef/"), drop(*status_keys)),
        "insights page (staff), as served": (get(staff, "/admin/insights/"), nothing),
        "insights page (staff), cache emptied": (get(staff, "/admin/insights/"), cache.clear),
    }
    rows.update(_memos())
    for request, _ in rows.values():
        request()  # warm: templates, connections, every cache
    names = list(rows)
    figures = {}
    for first, second in zip(names[::2], names[1::2], strict=True):
        pair: dict[str, list[list[float]]] = {first: [], second: []}
        for _ in range(3):
            for name in (first, second):
                pair[name].append(_ms(*rows[name], repeat=repeat // 3))
        for name, runs in pair.items():
            figures[name] = [statistics.median(values) for values in zip(*runs, strict=True)]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.checks, args.repeat)))
        return
    env = prodenv.production_env()
    print(f"database: {env['DATABASE_URL']}  redis: {env.get('REDIS_URL', 'none (LocMem)')}")
    prodenv.set_up(env)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    figures = prodenv.child(
        __file__, env, "--checks", str(args.checks), "--repeat", str(args.repeat), timeout=1200
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.checks} finished checks; load average {load} on this machine")
    print(f"{'ms per request (median of blocks of ' + str(BLOCK) + ')':<48} {'CPU':>8} {'wall':>8}")
    for name, (cpu, wall) in figures.items():
        print(f"{name:<48} {cpu:>8.2f} {wall:>8.2f}")


if __name__ == "__main__":
    main()
