"""Error-link lookup latency with many rules: p50 and p95 of the JSON answer.

    .venv/bin/python bench/errorlinks.py [--rules 2000] [--repeat 200]

Builds a temporary SQLite database with the starter-like articles and ``--rules`` generated
rules (seeded, so every run measures the same thing), then times two paths over a fixed set of
links: ``find_answer`` alone (candidate query plus matching) and the whole request through the
test client (middleware, matching, section extraction, payload, JSON). Unmatched links are in
the set too, so the search fallback and the miss log are measured as well. Target: p95 of the
whole request under 50 ms with 2000 rules.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LINKS = [
    {"status": "403", "reason": "missing-permissions", "endpoint": "POST /v2/sessions/online"},
    {"status": "403", "endpoint": "/sessions/online", "env": "demo", "nip": "1234563218"},
    {"status": "403", "reason": "ip-not-allowed", "endpoint": "/auth/challenge"},
    {"status": "401", "endpoint": "/sessions/online"},
    {"status": "429", "endpoint": "/sessions/online/20251010-SO-2F3A4B5C6D-7E8F9A0B1C-D2/close"},
    {"code": "450", "endpoint": "/auth/20250625-AU-2F4B000000-1B2C3D4E5F-01"},
    {"status": "400", "code": "21470", "endpoint": "/sessions/online"},
    {"code": "99999"},
]
STATUSES = [400, 401, 403, 404, 409, 415, 429, 500, 502, 503, 504]
REASONS = ["", "missing-permissions", "ip-not-allowed", "security-service-blocked"]
ENDPOINTS = [
    "*",
    "/sessions/online",
    "/sessions/online/*/close",
    "/auth/challenge",
    "/auth/*",
    "/invoices/exports",
    "/permissions/query/personal/grants",
]


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(rules: int, seed: int) -> None:
    from kb.errorlinks.models import ErrorRule
    from kb.errorlinks.starter import load_starter_rules
    from kb.models import Article, Category
    from kb.revisions import create_revision, publish

    now = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    category = Category.objects.create(slug="bledy", name_pl="Błędy")
    articles = []
    for slug in [
        "blad-403-sessions-online",
        "blad-401-uwierzytelnienie",
        "blad-429-limity",
        "status-uwierzytelnienia-415-450",
    ]:
        article = Article.objects.create(slug=slug, category=category)
        body = "Wstęp.\n\n" + "\n\n".join(
            f"## Sekcja {i} {{#s{i}}}\n\n" + "Zdanie o uprawnieniach i sesji. " * 40
            for i in range(12)
        )
        publish(
            create_revision(article, title=slug, summary="S.", body=body, change_note="b"),
            None,
            now,
        )
        articles.append(article)
    load_starter_rules(now)
    rng = random.Random(seed)
    ErrorRule.objects.bulk_create(
        ErrorRule(
            status=rng.choice([*STATUSES, None]),
            reason_code=rng.choice(REASONS),
            endpoint_pattern=rng.choice(ENDPOINTS),
            environment=rng.choice(["", "", "test", "demo", "prod"]),
            priority=rng.randint(0, 3),
            article=rng.choice(articles),
            anchor=f"s{rng.randint(0, 11)}",
        )
        for _ in range(rules)
    )


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp) / "bench.sqlite3")
        _fill(args.rules, args.seed)
        from django.test import Client

        from kb.errorlinks.lookup import find_answer
        from kb.errorlinks.params import parse_query

        client = Client()
        lookup, request = [], []
        for _ in range(args.repeat):
            for link in LINKS:
                start = time.perf_counter()
                find_answer(parse_query(link), "pl")
                lookup.append(time.perf_counter() - start)
                start = time.perf_counter()
                response = client.get("/api/v1/help/", link)
                request.append(time.perf_counter() - start)
                assert response.status_code == 200
        from kb.errorlinks.models import ErrorRule

        print(f"rules: {ErrorRule.objects.count()}, links: {len(LINKS)}, repeat: {args.repeat}")
        print(f"{'path':<28}{'p50 ms':>10}{'p95 ms':>10}")
        for name, samples in [("find_answer", lookup), ("GET /api/v1/help/", request)]:
            p50, p95 = _percentiles(samples)
            print(f"{name:<28}{p50:>10.2f}{p95:>10.2f}")


if __name__ == "__main__":
    main()
