"""Whether a reader's article page can come from the cache, and under which key.

The article page is the portal's busiest page and the same for every anonymous reader, except
for the CSRF token of its forms (feedback, language switch). So the page is rendered once with a
placeholder in place of the token, the bytes are kept in Django's cache (Redis in production,
shared by every web process), and each reader gets them with their own token put in.

A cached page names the article's slug and the language, and keeps the generation it was
rendered in: a counter that every publish, every rollback and every save of an article or a
category moves (a page also shows the
translation's link and the category's name): the counter lives in the shared cache, so a change
is visible at once in every web process, and a hit needs no database at all. The timeout only
bounds memory.
"""

from __future__ import annotations

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


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add, not set: two processes starting at once agree on the first value.
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def invalidate() -> None:
    """Make every cached article page a miss (after a publish or an edit of what pages show)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 1, timeout=None)


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
    # One round trip for both: the page keeps the generation it was rendered in.
    found = cache.get_many([GENERATION_KEY, _key(slug, language)])
    entry = found.get(_key(slug, language))
    if entry is None or found.get(GENERATION_KEY) != entry[0]:
        return None
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
    cache.set(key, (generation, article.pk, body), timeout=settings.KB_ARTICLE_PAGE_CACHE_SECONDS)
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
