"""Whether a reader's article page can come from the cache, and under which key.

The article page is the portal's busiest page and the same for every anonymous reader, except
for the CSRF token of its forms (feedback, language switch). So the page is rendered once with a
placeholder in place of the token, the bytes are kept in Django's cache (Redis in production,
shared by every web process), and each reader gets them with their own token put in.

The key names the article, its published revision and the language, so a publish or a rollback
(which always makes a new revision) is visible at once in every process. A page also shows
things of other objects (the translation's link, the category's name): any publish and any save
of an article or a category moves a generation counter that is part of every key, so nothing
stale outlives the change that made it stale. The timeout only bounds memory.
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


def _key(article: Article, language: str, generation: int) -> str:
    return f"kb:article-page:{generation}:{article.pk}:{article.published_revision_id}:{language}"


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


def cached_article_page(
    request: HttpRequest,
    article: Article,
    language: str,
    render_page: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """The article page from the cache, rendering it with ``render_page(extra_context)`` on a miss
    or when the request cannot share a cached page."""
    if not is_cacheable(request):
        return render_page({})
    key = _key(article, language, _generation())
    body = cache.get(key)
    if body is None:
        response = render_page({"csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200:
            return response
        body = response.content
        cache.set(key, body, timeout=settings.KB_ARTICLE_PAGE_CACHE_SECONDS)
    response = HttpResponse(body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode()))
    return response


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
