"""Reader pages of the knowledge base: get, check, act, render; the rules live elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, F, Min, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kb import feedback_limits
from kb.article_page import article_context
from kb.feeds import PublicationsFeed
from kb.forms import FeedbackForm
from kb.models import Article, Category, Feedback, Revision, SlugRedirect
from kb.sitemaps import sitemap as sitemap
from kb.translations import counterpart, listed_in

# How many articles the home page lists as most viewed and as recently updated.
HOME_LIST_LENGTH = 6

ArticleView = Callable[..., HttpResponse]


def with_article(view: ArticleView) -> Callable[..., HttpResponse]:
    """Resolve the URL's slug to an article; an old slug answers 301 to the same page under the
    current slug, an unknown one 404."""

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


@with_article
def article(request: HttpRequest, article: Article) -> HttpResponse:
    language = get_language()
    if article.language != language:
        # The reader switched language or followed a link from the other one.
        translated = counterpart(article, language)
        if translated is not None:
            return redirect(reverse("kb:article", kwargs={"slug": translated.slug}))
    # One UPDATE, no read-modify-write: concurrent readers never lose each other's views.
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    assert article.published_revision is not None
    return render(request, "kb/article.html", article_context(article, article.published_revision))


@with_article
def article_version(request: HttpRequest, article: Article, number: int) -> HttpResponse:
    # Only versions readers could once see have permalinks; drafts stay in admin.
    revision = article.revisions.filter(number=number, publications__isnull=False).first()
    if revision is None:
        raise Http404
    return render(request, "kb/article.html", article_context(article, revision))


@with_article
def history(request: HttpRequest, article: Article) -> HttpResponse:
    versions = (
        article.revisions.filter(publications__isnull=False)
        .annotate(first_published=Min("publications__published_at"))
        .order_by("-number")
    )
    canonical_url = settings.SITE_URL + article.url_in("kb:article_history")
    context = {"article": article, "versions": versions, "canonical_url": canonical_url}
    return render(request, "kb/history.html", context)


@require_POST
@with_article
def feedback(request: HttpRequest, article: Article) -> HttpResponse:
    form = FeedbackForm(request.POST)
    revision = None
    if form.is_valid():
        # Counted for the version the reader saw, which may be an older permalink.
        revision = article.revisions.filter(
            number=form.cleaned_data["revision"], publications__isnull=False
        ).first()
    if revision is None:
        return _feedback_again(request, article, _feedback_error(form), status=400)
    if not feedback_limits.allow(request.META.get("REMOTE_ADDR", "")):
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
        context = {"article": article, "revision": revision, "feedback_sent": True}
        return render(request, "kb/article.html#feedback", context)
    messages.success(request, _("Dziękujemy za opinię."))
    return redirect(_page_of(article, revision) + "#kb-feedback")


def _feedback_again(
    request: HttpRequest, article: Article, error: str, *, status: int
) -> HttpResponse:
    """The form shown again with ``error`` and the reader's comment kept, so nothing they typed
    is lost."""
    assert article.published_revision is not None
    context = {
        "article": article,
        "revision": article.published_revision,
        "feedback_error": error,
        "feedback_comment": request.POST.get("comment", ""),
    }
    if request.htmx:  # type: ignore[attr-defined]
        # 200, not 4xx: htmx swaps in only successful responses.
        return render(request, "kb/article.html#feedback", context)
    context = {**article_context(article, article.published_revision), **context}
    return render(request, "kb/article.html", context, status=status)


def _feedback_error(form: FeedbackForm) -> str:
    # The choice and the comment's length are what a reader can get wrong; a bad revision number
    # means a stale or forged form, for which a general message is enough.
    messages = [
        str(error) for name in ("helpful", "comment") for error in form.errors.get(name, [])
    ]
    return " ".join(messages) or _(
        "Nie udało się zapisać opinii. Odśwież stronę i spróbuj ponownie."
    )


def _page_of(article: Article, revision: Revision) -> str:
    """The reader page (in the current language) that shows ``revision``."""
    if revision.pk == article.published_revision_id:
        return reverse("kb:article", kwargs={"slug": article.slug})
    return reverse("kb:article_version", kwargs={"slug": article.slug, "number": revision.number})


feed = PublicationsFeed()
