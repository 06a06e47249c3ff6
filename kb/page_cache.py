"""Whether a reader's article page can come from the cache, and under which key.

The article page is the portal's busiest page and the same for every anonymous reader, except
for the CSRF token of its forms (feedback, language switch). So the page is rendered once with a
placeholder in place of the token, the bytes are kept in Django's cache (Redis in production,
shared by every web process), and each reader gets them with their own token put in.

A cached page names the article's slug and the language, and keeps the generation it was
rendered in: a counter that every publish, every rollback and every save of an article or a
category moves (a page also shows the
translation's link and the category's name): the counter lives in the shared cache, so a change
is visible in every web process, and a hit needs no database at all. The timeout only bounds
memory.

Each web process also keeps the pages it served last in its own memory, and reads the shared
generation at most once per KB_ARTICLE_PAGE_RECHECK_MS. A hit is then a dictionary lookup, no
round trip to the shared cache: the busiest page costs a web process about what a static file
costs (bench/pages.py). The price is that another process may show the page of before a publish
for up to that long; the process that published, and every logged-in writer (never served from
the cache), see the change at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from kb.models import Article

# Never produced by Django's CSRF tokens (letters and digits only, 64 long) nor, in practice, by
# an article: the token goes into the page only where this stands.
CSRF_PLACEHOLDER = "kb-page-cache-csrf-token-placeholder"
GENERATION_KEY = "kb:article-page:generation"


def is_cacheable(request: HttpRequest) -> bool:
    """Anonymous GET without a query string (it would show in the language switch's "next")
    and without messages waiting to be shown."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _key(slug: str, language: str) -> str:
    return f"kb:article-page:{language}:{slug}"


def _first_generation() -> int:
    # Not 1: after the shared cache lost the counter (a Redis restart), a process's own copies
    # may still carry small old generations; starting from the clock never meets them again.
    return time.time_ns()


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add, not set: two processes starting at once agree on the first value.
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return int(generation)


class LocalPages:
    """This process's copies of the pages it served last, and the shared generation as it last
    read it. ``clock`` is injectable for tests; threads of one process share an instance."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple[int, int, bytes]] = OrderedDict()
        # (generation, when read): replaced whole, so a reader never sees half of an update.
        self._seen: tuple[int | None, float] = (None, -math.inf)

    def generation(self, *, fresh: bool = False) -> int | None:
        """The shared generation, read again once KB_ARTICLE_PAGE_RECHECK_MS have passed (or
        now, when ``fresh``)."""
        value, read_at = self._seen
        now = self.clock()
        recheck = settings.KB_ARTICLE_PAGE_RECHECK_MS / 1000
        if not fresh and value is not None and now - read_at < recheck:
            return value
        value = cache.get(GENERATION_KEY)
        self._seen = (value, now)
        return value

    def get(self, key: str, generation: int) -> tuple[int, int, bytes] | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None or entry[0] != generation:
                return None
            self._pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple[int, int, bytes]) -> None:
        with self._lock:
            self._pages[key] = entry
            self._pages.move_to_end(key)
            while len(self._pages) > settings.KB_ARTICLE_PAGE_LOCAL_ENTRIES:
                self._pages.popitem(last=False)

    def forget(self) -> None:
        """Read the generation again on the next lookup, and drop every copy."""
        with self._lock:
            self._pages.clear()
            self._seen = (None, -math.inf)


local_pages = LocalPages()


def invalidate() -> None:
    """Make every cached article page a miss (after a publish or an edit of what pages show)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
    local_pages.forget()


def respond(request: HttpRequest, body: bytes) -> HttpResponse:
    return HttpResponse(body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode()))


def cached_page(request: HttpRequest, slug: str, language: str) -> tuple[int, HttpResponse] | None:
    """The cached page of the article at ``slug`` as (article id, response), or None on a miss.

    A hit needs no database: the generation moves on every publish and every article save, so
    the page under the current generation is the published revision's."""
    if not is_cacheable(request):
        return None
    found = lookup(slug, language)
    if found is None:
        return None
    article_id, body = found
    return article_id, respond(request, body)


def lookup(slug: str, language: str) -> tuple[int, bytes] | None:
    """The current cached page of ``slug`` as (article id, body with the CSRF placeholder)."""
    generation = local_pages.generation()
    if generation is None:
        return None
    key = _key(slug, language)
    entry = local_pages.get(key, generation)
    if entry is None:
        # The page keeps the generation it was rendered in. Another process may have rendered
        # it after a publish this process has not read yet: read the generation again then.
        entry = cache.get(key)
        if entry is not None and entry[0] != generation:
            generation = local_pages.generation(fresh=True)
        if entry is None or entry[0] != generation:
            return None
        local_pages.put(key, entry)
    _, article_id, body = entry
    return article_id, body


def render_and_cache(
    request: HttpRequest,
    article: Article,
    language: str,
    render_page: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """Render the article page with ``render_page(extra_context)``, keeping it in the cache when
    the request can share it."""
    if not is_cacheable(request):
        return render_page({})
    # Read before rendering: a publish during the render moves the generation, so this page is
    # stored under the old one and never served as current.
    generation = _generation()
    response = render_page({"csrf_token": CSRF_PLACEHOLDER})
    if response.status_code != 200:
        return response
    body = response.content
    key = _key(article.slug, language)
    entry = (generation, article.pk, body)
    cache.set(key, entry, timeout=settings.KB_ARTICLE_PAGE_CACHE_SECONDS)
    local_pages.put(key, entry)
    return respond(request, body)


def connect_signals() -> None:
    """Called from KbConfig.ready: what moves the generation."""
    from django.db.models.signals import post_delete, post_save

    from kb.models import Category
    from kb.signals import revision_published

    def changed(sender: Any, **kwargs: Any) -> None:
        invalidate()

    revision_published.connect(changed, dispatch_uid="kb_page_cache_publish", weak=False)
    for model in (Article, Category):
        for signal in (post_save, post_delete):
            signal.connect(
                changed, sender=model, dispatch_uid=f"kb_page_cache_{model.__name__}", weak=False
            )
