"""The article admin's own pages (previews, the diff, the confirmation that publishes, schedules
or rolls back), which only ask and report: the rules are kb.revisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Min, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kb import revisions
from kb.admin.revisions import with_feedback_counts
from kb.article_page import article_context, reader_html
from kb.diffing import diff_fields
from kb.links import BrokenLink, broken_links
from kb.models import Article, Language, Revision, ScheduledPublication


def versions_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    """The version table under the change form, and what this user may do with each version."""
    schedules = ScheduledPublication.objects.select_related("scheduled_by")
    versions = (
        article.revisions.select_related("author", "restored_from")
        .prefetch_related(Prefetch("schedules", queryset=schedules))
        .annotate(first_published=Min("publications__published_at"))
    )
    published = article.published_revision
    return {
        "versions": with_feedback_counts(versions).order_by("-number"),
        "can_publish": revisions.can_publish(request.user),
        "current_number": published.number if published else None,
    }


def live_preview_html(body: str) -> str:
    """The preview panel beside the editor: ``body`` rendered and sanitised as readers get it."""
    return render_to_string("admin/kb/article/live_preview.html", {"rendered": reader_html(body)})


@require_POST
def live_preview(request: HttpRequest, *, model_admin: ModelAdmin[Article]) -> HttpResponse:
    """The panel again for the body being typed (htmx posts the form)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    language = request.POST.get("language")
    with translation.override(language if language in Language.values else None):
        return HttpResponse(live_preview_html(request.POST.get("body", "")))


def preview(
    request: HttpRequest, object_id: str, number: int, *, model_admin: ModelAdmin[Article]
) -> HttpResponse:
    article = _article(request, object_id, model_admin)
    revision = get_object_or_404(article.revisions, number=number)
    # Rendered in the article's own language, by the reader page's template: what readers
    # will get, not an approximation of it.
    with translation.override(article.language):
        context = article_context(article, revision, preview=True)
        context["admin_url"] = reverse("admin:kb_article_change", args=[article.pk])
        return render(request, "kb/article.html", context)


def diff(request: HttpRequest, object_id: str, *, model_admin: ModelAdmin[Article]) -> HttpResponse:
    article = _article(request, object_id, model_admin)
    versions = list(article.revisions.order_by("-number"))
    if not versions:
        raise Http404
    by_number = {revision.number: revision for revision in versions}
    new = by_number.get(_int(request.GET.get("to")), versions[0])
    # By default: what readers see now against the newer text, or else the version before.
    published = article.published_revision
    if published is not None and published.number < new.number:
        default_old = published
    else:
        default_old = by_number.get(new.number - 1, new)
    old = by_number.get(_int(request.GET.get("from")), default_old)
    labels = {"title": _("Tytuł"), "summary": _("Streszczenie"), "body": _("Treść (Markdown)")}
    return _admin_page(
        request,
        model_admin,
        article,
        "admin/kb/article/diff.html",
        title=_("Porównanie wersji %(old)s i %(new)s") % {"old": old.number, "new": new.number},
        versions=versions,
        old=old,
        new=new,
        diffs=diff_fields(
            {name: getattr(old, name) for name in labels},
            {name: getattr(new, name) for name in labels},
            labels,
        ),
    )


class PublicationForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=gettext_lazy("albo zaplanuj publikację na"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    publish_broken_links = forms.BooleanField(
        label=gettext_lazy("Wiem, że te linki nie działają; publikuję mimo to."), required=False
    )

    def __init__(self, *args: Any, broken: list[BrokenLink], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.broken = broken

    @property
    def scheduling(self) -> bool:
        """The editor pressed "schedule" rather than "publish now"."""
        return self.data.get("action") == "schedule"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.scheduling and not data.get("publish_at"):
            self.add_error("publish_at", _("Podaj datę i godzinę publikacji."))
        if self.broken and not data.get("publish_broken_links"):
            self.add_error(
                "publish_broken_links",
                _("Popraw linki albo potwierdź, że publikujesz mimo to."),
            )
        return data


def confirm_publication(
    request: HttpRequest,
    object_id: str,
    number: int,
    *,
    rollback: bool,
    model_admin: ModelAdmin[Article],
) -> HttpResponse:
    """Asks, then publishes a version now or at a set time, or rolls back to it."""
    article = _article(request, object_id, model_admin)
    if not revisions.can_publish(request.user):
        raise PermissionDenied
    revision = get_object_or_404(article.revisions, number=number)
    change_url = reverse("admin:kb_article_change", args=[article.pk])
    data = request.POST if request.method == "POST" else None
    form = PublicationForm(data, broken=broken_links(revision))
    if form.is_valid():
        try:
            messages.success(request, _act(request, revision, rollback, form))
        except revisions.RevisionError as error:
            if not form.scheduling:
                messages.error(request, str(error))
                return HttpResponseRedirect(change_url)
            form.add_error("publish_at", str(error))  # beside the date, to correct it
        else:
            return HttpResponseRedirect(change_url)
    if rollback:
        question = _(
            "Przywrócić treść wersji %(number)s? Powstanie z niej nowa wersja i od razu "
            "zostanie opublikowana; historia zostaje bez zmian."
        )
    else:
        question = _("Opublikować wersję %(number)s? Czytelnicy zobaczą ją od razu.")
    return _admin_page(
        request,
        model_admin,
        article,
        "admin/kb/article/confirm_publication.html",
        revision=revision,
        title=_("Przywracanie wersji") if rollback else _("Publikacja wersji"),
        question=question % {"number": number},
        button=_("Tak, przywróć") if rollback else _("Tak, opublikuj"),
        change_url=change_url,
        form=form,
        rollback=rollback,
    )


def _act(request: HttpRequest, revision: Revision, rollback: bool, form: PublicationForm) -> str:
    """Roll back, schedule or publish as the confirmation asked; returns what was done."""
    if rollback:
        restored = revisions.roll_back(revision.article, revision, request.user)
        done = _("Przywrócono treść wersji %(old)s jako wersję %(new)s (opublikowana).")
        return done % {"old": revision.number, "new": restored.number}
    if form.scheduling:
        publish_at = form.cleaned_data["publish_at"]
        revisions.schedule_publication(revision, request.user, publish_at)
        when = formats.date_format(timezone.localtime(publish_at), "SHORT_DATETIME_FORMAT")
        done = _("Wersja %(number)s zostanie opublikowana %(when)s.")
        return done % {"number": revision.number, "when": when}
    revisions.publish(revision, request.user)
    return _("Opublikowano wersję %(number)s.") % {"number": revision.number}


def _article(request: HttpRequest, object_id: str, model_admin: ModelAdmin[Article]) -> Article:
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    return article


def _admin_page(
    request: HttpRequest,
    model_admin: ModelAdmin[Article],
    article: Article,
    template: str,
    **context: Any,
) -> TemplateResponse:
    """A page about ``article`` inside the admin's frame (header, breadcrumbs, sidebar)."""
    frame = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts}
    return TemplateResponse(request, template, {**frame, "original": article, **context})


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
