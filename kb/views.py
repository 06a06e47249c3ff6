"""Reader pages of the knowledge base: get, check, act, render; the rules live elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.storage import default_storage
from django.db.models import Count, Min, Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_http_methods, require_safe

from kb import readership
from kb.article_page import article_context
from kb.forms import FeedbackForm
from kb.images import FOLDER, by_url
from kb.models import Article, Category, Feedback, Revision, SlugRedirect
from kb.translations import counterpart, listed_in
from portal.lib import ratelimit

HOME_LIST_LENGTH = 6

ArticleView = Callable[..., HttpResponse]


def with_article(view: ArticleView) -> Callable[..., HttpResponse]:
    """Resolve the URL's slug to an article; an old slug answers 301 to its current one."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        # get(), not first(): no ORDER BY to build for a unique slug (a page's biggest query).
        try:
            article = Article.objects.select_related("published_revision", "category").get(
                slug=slug
            )
        except Article.DoesNotExist:
            moved = SlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
            if moved is None:
                raise Http404 from None
            if request.method in ("GET", "HEAD"):
                assert request.resolver_match is not None
                url = reverse(
                    request.resolver_match.view_name,
                    kwargs={"slug": moved.article.slug, **kwargs},
                )
                query = request.META.get("QUERY_STRING")
                return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
            return wrapper(request, moved.article.slug, **kwargs)
        if not article.is_published:
            raise Http404
        return view(request, article, **kwargs)

    return wrapper


def cached_for_anonymous_readers(view: ArticleView) -> ArticleView:
    """Django's per-view cache for readers without a session or a stored message, whose page holds
    nothing of theirs (the feedback form comes in a fragment); a writer sees a publish at once."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            response = view(request, *args, **kwargs)
        else:
            # Built per request so that a test can change the timeout; it costs microseconds.
            cached = cache_page(settings.KB_ARTICLE_PAGE_SECONDS, cache="local")(view)
            response = cached(request, *args, **kwargs)
        # After the cache: the server's copy is shared, but browsers and proxies must vary.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper


def home(request: HttpRequest) -> HttpResponse:
    listed = listed_in(get_language()).select_related("published_revision")
    # Explicit order: Meta.ordering does not apply to a query with an aggregate.
    categories = Category.objects.annotate(
        article_count=Count("articles", filter=Q(articles__in=listed.values("pk")))
    ).order_by("position", "slug")
    return render(
        request,
        "kb/home.html",
        {
            "categories": categories,
            "most_viewed": listed.order_by("-view_count", "slug")[:HOME_LIST_LENGTH],
            "recently_updated": listed.order_by("-published_at", "slug")[:HOME_LIST_LENGTH],
        },
    )


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    articles = (
        listed_in(get_language())
        .filter(category=category)
        .select_related("published_revision")
        .order_by("published_revision__title")
    )
    return render(request, "kb/category.html", {"category": category, "articles": articles})


@cached_for_anonymous_readers
@with_article
def article(request: HttpRequest, article: Article) -> HttpResponse:
    language = get_language()
    if article.language != language:
        # The reader switched language or followed a link from the other one.
        translated = counterpart(article, language)
        if translated is not None:
            return redirect(reverse("kb:article", kwargs={"slug": translated.slug}))
    assert article.published_revision is not None
    return render(request, "kb/article.html", article_context(article, article.published_revision))


@with_article
def article_version(request: HttpRequest, article: Article, number: int) -> HttpResponse:
    revision = _shown_version(article, number)
    if revision is None:
        raise Http404
    return render(request, "kb/article.html", article_context(article, revision))


@with_article
def history(request: HttpRequest, article: Article) -> HttpResponse:
    versions = (
        article.revisions.filter(publications__isnull=False)
        .annotate(
            first_published=Min("publications__published_at"),
            scheduled_on=Min(
                "schedules__scheduled_at", filter=Q(schedules__publication__isnull=False)
            ),
        )
        .order_by("-number")
    )
    canonical_url = settings.SITE_URL + article.url_in("kb:article_history")
    context = {"article": article, "versions": versions, "canonical_url": canonical_url}
    return render(request, "kb/history.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@with_article
def feedback(request: HttpRequest, article: Article) -> HttpResponse:
    """The "Did this help?" form: a fragment the article page loads with htmx, or a page of its own
    for readers without JavaScript; a POST takes the opinion."""
    if request.method == "POST":
        return _take_feedback(request, article)
    number = request.GET.get("revision")
    revision = article.published_revision if number is None else _shown_version(article, number)
    if revision is None:
        raise Http404
    if request.htmx and revision.pk == article.published_revision_id:  # type: ignore[attr-defined]
        # Counted here, not in the cached article page: a browser that ran the page's script, so
        # crawlers, link checkers and prefetches are left out.
        readership.count_view(article, timezone.now())
    return _feedback_form(request, article, revision)


def _take_feedback(request: HttpRequest, article: Article) -> HttpResponse:
    form = FeedbackForm(request.POST)
    revision = None
    if form.is_valid():
        # Counted for the version the reader saw, which may be an older permalink.
        revision = _shown_version(article, form.cleaned_data["revision"])
    if revision is None:
        # A bad revision number means a stale or forged form: a general message is enough.
        errors = [str(e) for name in ("helpful", "comment") for e in form.errors.get(name, [])]
        error = " ".join(errors) or _(
            "Nie udało się zapisać opinii. Odśwież stronę i spróbuj ponownie."
        )
        return _feedback_again(request, article, error, status=400)
    key, limit = ratelimit.client_key(request), settings.KB_FEEDBACK_PER_ADDRESS_PER_HOUR
    if not ratelimit.hit("kb-feedback", key, limit=limit, now=timezone.now()):
        return _feedback_again(
            request,
            article,
            _(
                "Z tego adresu wysłano w ciągu godziny zbyt wiele opinii. Spróbuj ponownie "
                "później; Twój komentarz został poniżej."
            ),
            status=429,
        )
    Feedback.objects.create(
        revision=revision,
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"].strip(),
    )
    if request.htmx:  # type: ignore[attr-defined]
        return _feedback_form(request, article, revision, feedback_sent=True)
    messages.success(request, _("Dziękujemy za opinię."))
    if revision.pk == article.published_revision_id:
        page = reverse("kb:article", kwargs={"slug": article.slug})
    else:
        page = reverse(
            "kb:article_version", kwargs={"slug": article.slug, "number": revision.number}
        )
    return redirect(page + "#kb-feedback")


def _shown_version(article: Article, number: int | str) -> Revision | None:
    """Revision ``number`` of ``article`` if readers could ever see it (drafts stay in admin)."""
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if not str(number).isdecimal():
        return None
    return article.revisions.filter(number=number, publications__isnull=False).first()


def _feedback_form(
    request: HttpRequest, article: Article, revision: Revision, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """The feedback page, or with htmx only its form (one template, one partial)."""
    htmx = request.htmx  # type: ignore[attr-defined]
    template = "kb/feedback.html#feedback" if htmx else "kb/feedback.html"
    context = {"article": article, "revision": revision, **extra}
    return render(request, template, context, status=status)


def _feedback_again(
    request: HttpRequest, article: Article, error: str, *, status: int
) -> HttpResponse:
    """The form again with ``error`` and the reader's comment, so nothing they typed is lost."""
    assert article.published_revision is not None
    return _feedback_form(
        request,
        article,
        article.published_revision,
        # 200 with htmx, not 4xx: htmx swaps in only successful responses.
        status=200 if request.htmx else status,  # type: ignore[attr-defined]
        feedback_error=error,
        feedback_comment=request.POST.get("comment", ""),
    )


# A stored image's name is the hash of its content: what an address shows never changes.
IMAGE_CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def image_file(request: HttpRequest, name: str) -> FileResponse:
    """An uploaded image or its page copy, from the media storage, as the type read at upload."""
    url = f"{settings.MEDIA_URL}{FOLDER}{name}"
    image = by_url([url]).get(url)
    if image is None:
        raise Http404
    try:
        stored = default_storage.open(url[len(settings.MEDIA_URL) :])
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(stored, content_type=image.content_type)
    response["Cache-Control"] = IMAGE_CACHE_CONTROL
    return response
