"""Search quality and latency, on SQLite and on PostgreSQL.

    .venv/bin/python bench/search.py [--articles 10000] [--repeat 20]

Each database is measured in its own child process (Django's settings are fixed once per
process): a temporary SQLite file, and the PostgreSQL database ``$BENCH_SEARCH_DATABASE``
(default ``bench_search``, dropped and created again) when a server answers on 127.0.0.1:5432.

1. Quality: the starter articles and rules (kb/starter/, loaded as ``load_starter_content`` and
   ``load_starter_rules`` do) and the judged queries of tests/search/judged_queries.py: hit@1,
   hit@3 and mean reciprocal rank.
2. Latency: a deterministic corpus (seeded) of ``--articles`` generated Polish and English
   articles joins them; a fixed query set runs ``--repeat`` times through ``search_articles``
   (the whole path a reader's query takes: parsing, typo correction, matching, ranking,
   highlighting): p50 and p95.

Then whether both databases put the same article first, on each query set. Targets: hit@1 >= 90%
and hit@3 = 100% on each database, the same first result on every judged query and on >= 90% of
the latency queries, p95 under 50 ms on each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = os.environ.get("BENCH_SEARCH_DATABASE", "bench_search")

QUERIES = [
    "403",
    "sessions/online",
    "POST /sessions/online 403",
    "uprawnień",
    "uprawnien",
    "uprawnienai",
    "sesja interaktywna",
    "sesję interaktywną",
    "21470",
    "limity zapytań",
    "rate limits",
    "granting permissions",
    "token nieaktywny 450",
    "srodowsiko testowe",
    "jak nadać uprawnienia do wystawiania faktur w ksef",
    "błąd 401 uwierzytelnienie",
    'NEAR(uprawnienia "sesja*',
    "kwarantanna akcyzy",
    "błąd 21180 sesja",
    '{"status":400,"errors":[{"code":21180,"description":"Status sesji nie pozwala na wykonanie'
    ' operacji.","details":["Status sesji (415) uniemożliwia wysyłkę faktur."]}]}',
]


def _words(text: str) -> list[str]:
    return text.split()


# Inflected forms on purpose: the lemmatizer has to earn its keep.
POLISH = _words(
    "uprawnienia uprawnień uprawnieniami uprawnienie sesja sesji sesję sesją interaktywna "
    "interaktywnej interaktywną token tokena tokenu tokenów tokeny środowisko środowiska "
    "środowisku testowe produkcyjne demo faktura faktury faktur fakturę wystawianie wysyłanie "
    "błąd błędu błędy błędów odpowiedź odpowiedzi kod kodu limit limity limitów zapytanie "
    "zapytania zapytań uwierzytelnienie uwierzytelnienia certyfikat certyfikatu klucz klucza "
    "publiczny publicznego podatnik podatnika firma firmy osoba osoby nadanie nadać nadawanie "
    "program programu fakturowania czekać poczekać ponowić spróbować sprawdzić status statusu "
    "nieaktywny unieważniony zablokowany kontekst kontekstu nip właściciel pełnomocnik"
)
ENGLISH = _words(
    "permissions permission granted granting grant session sessions interactive online token "
    "tokens environment environments test production invoice invoices issuing sending error "
    "errors response responses code codes limit limits rate request requests authentication "
    "authenticate certificate certificates key public taxpayer business person owner program "
    "software wait retry check status inactive revoked blocked context"
)
GLUE_PL = _words("i w na do z po że nie się jest może gdy przez dla")
GLUE_EN = _words("the a of to in on and is may when after for not with")
CODES = ["400", "401", "403", "404", "415", "429", "450", "500", "21301", "21405", "21470"]
ENDPOINTS = [
    "POST /sessions/online",
    "POST /auth/challenge",
    "POST /auth/ksef-token",
    "GET /security/public-key-certificates",
    "POST /auth/token/redeem",
    "GET /tokens/{referenceNumber}",
    "POST /permissions/query/personal/grants",
]
SYLLABLES = "ka ro mi te lu na po se wi do fa ku ran zel bor tek mar gos pil"


def _pseudo_word(rng: random.Random) -> str:
    # Product names, people and places: a long tail of rare words, as real articles have.
    syllables = SYLLABLES.split()
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, language: str, length: int) -> str:
    words, glue = (POLISH, GLUE_PL) if language == "pl" else (ENGLISH, GLUE_EN)
    out = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.25:
            out.append(rng.choice(glue))
        elif roll < 0.30:
            out.append(_pseudo_word(rng))
        elif roll < 0.32:
            out.append(rng.choice(CODES))
        elif roll < 0.335:
            out.append(rng.choice(ENDPOINTS))
        else:
            out.append(rng.choice(words))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def generate(rng: random.Random, index: int) -> tuple[str, str, str, str, str]:
    language = "pl" if index % 3 else "en"
    title = _sentence(rng, language, rng.randint(4, 8)).rstrip(".")
    summary = _sentence(rng, language, rng.randint(10, 18))
    sections = []
    for number in range(rng.randint(2, 5)):
        heading = _sentence(rng, language, 4).rstrip(".")
        paragraphs = [
            " ".join(_sentence(rng, language, rng.randint(8, 16)) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(1, 3))
        ]
        sections.append(f"## {heading} {{#s{number}}}\n\n" + "\n\n".join(paragraphs))
    return f"a-{index:05d}", language, title, summary, "\n\n".join(sections)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(articles: int, repeat: int) -> dict[str, object]:
    """Runs inside the child process whose DATABASE_URL names the database to measure."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kb.models import Article, Category, Revision
    from kb.search.index import rebuild_index
    from kb.search.query import search_articles
    from kb.starter_content import load
    from tests.search.judged_queries import JUDGED, rate

    call_command("migrate", verbosity=0)
    report = load(ROOT / "kb" / "starter")
    assert not report.errors, report.errors
    # The site's rules too: search asks them which section answers an error in a query.
    call_command("load_starter_rules", verbosity=0)
    rating = rate(JUDGED, lambda q, lang: [h.slug for h in search_articles(q, lang, 10)])

    rng = random.Random(20261125)
    now = timezone.now()
    category = Category.objects.create(slug="bench", name_pl="Bench")
    started = time.perf_counter()
    rows = [generate(rng, i) for i in range(articles)]
    created = Article.objects.bulk_create(
        [Article(slug=slug, language=lang, category=category) for slug, lang, *_ in rows],
        batch_size=1000,
    )
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                article=article,
                number=1,
                title=title,
                summary=summary,
                body=body,
                change_note="bench",
                created_at=now,
            )
            for article, (_, _, title, summary, body) in zip(created, rows, strict=True)
        ],
        batch_size=1000,
    )
    for article, revision in zip(created, revisions, strict=True):
        article.published_revision = revision
    Article.objects.bulk_update(created, ["published_revision"], batch_size=1000)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    indexed = rebuild_index()
    indexing = time.perf_counter() - started

    for query in QUERIES:  # warm-up: the lemmatizer's data, the vocabulary, the page cache
        search_articles(query, "pl", 10)
    samples: list[float] = []
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    hits: dict[str, int] = {}
    top: dict[str, list[str]] = {}
    for _ in range(repeat):
        for query in QUERIES:
            started = time.perf_counter()
            found = search_articles(query, "pl", 10)
            elapsed = (time.perf_counter() - started) * 1000
            samples.append(elapsed)
            per_query[query].append(elapsed)
            hits[query] = len(found)
            top[query] = [hit.slug for hit in found[:3]]
    slowest = max(per_query, key=lambda q: statistics.median(per_query[q]))
    return {
        "backend": connection.vendor,
        "hit_at_1": rating.hit_at_1,
        "hit_at_3": rating.hit_at_3,
        "mrr": rating.mrr,
        "misses": rating.misses,
        "judged_first": rating.firsts,
        "articles": indexed,
        "generate_s": generated,
        "index_s": indexing,
        "queries": len(samples),
        "p50_ms": percentile(samples, 0.50),
        "p95_ms": percentile(samples, 0.95),
        "max_ms": max(samples),
        "slowest_query": slowest,
        "slowest_p50_ms": statistics.median(per_query[slowest]),
        "no_hits": sorted(q for q, n in hits.items() if n == 0),
        "top": top,
    }


def _postgresql_ready() -> str | None:
    """The bench database's URL after creating it afresh, or None if no server answers."""
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    except Exception as exc:
        print(f"PostgreSQL skipped: not reachable at 127.0.0.1:5432 ({exc.__class__.__name__})")
        return None
    return f"{PG_SERVER}/{PG_DATABASE}"


def _run_child(database_url: str, args: argparse.Namespace) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "LOG_LEVEL": "WARNING"}
    env.pop("REDIS_URL", None)
    command = [sys.executable, __file__, "--child"]
    command += ["--articles", str(args.articles), "--repeat", str(args.repeat)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench child failed for {database_url.split(':')[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.articles, args.repeat)))
        return

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        results.append(_run_child(f"sqlite:///{tmp}/bench.sqlite3", args))
    pg = _postgresql_ready()
    if pg:
        results.append(_run_child(pg, args))

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    judged = len(results[0]["judged_first"])  # type: ignore[arg-type]
    print(f"\n{judged} judged queries on the starter articles; then {len(QUERIES)} queries")
    print(f"x {args.repeat} runs with {args.articles} generated articles added")
    print(f"load average at the end: {load} on {os.cpu_count()} cores (other work skews figures)")
    header = (
        f"{'backend':<11}{'hit@1':>7}{'hit@3':>7}{'MRR':>7}{'index s':>9}{'p50 ms':>8}"
        f"{'p95 ms':>8}{'max ms':>8}  slowest query"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['backend']:<11}{r['hit_at_1']:>7.1%}{r['hit_at_3']:>7.1%}{r['mrr']:>7.3f}"
            f"{r['index_s']:>9.1f}{r['p50_ms']:>8.2f}{r['p95_ms']:>8.2f}{r['max_ms']:>8.2f}"
            f"  {r['slowest_query']!r} ({r['slowest_p50_ms']:.1f} ms p50)"
        )
    for r in results:
        for query, expected, got in r["misses"]:  # type: ignore[attr-defined]
            print(f"{r['backend']}: {query!r} wants {' or '.join(expected)}, got {got}")
        if r["no_hits"]:
            print(f"{r['backend']}: no hits for {', '.join(map(repr, r['no_hits']))}")
    if len(results) == 2:
        a, b = (r["judged_first"] for r in results)  # type: ignore[misc]
        same = sum(a[q] == b[q] for q in a)
        print(f"same first result on both, judged queries: {same}/{len(a)}")
        a, b = (r["top"] for r in results)  # type: ignore[misc]
        same = sum(a[q][:1] == b[q][:1] for q in a)
        same_three = sum(a[q] == b[q] for q in a)
        print(
            f"same first result on both, latency queries: {same}/{len(a)}; "
            f"the same top three in the same order: {same_three}/{len(a)}"
        )


if __name__ == "__main__":
    main()
