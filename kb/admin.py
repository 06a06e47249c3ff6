"""Admin for the knowledge base: writers edit, preview and compare; editors also publish.

The article change form edits the article's own fields plus the text of a *new* revision: saving
never updates a revision, it appends one (kb.revisions). Preview, diff, publish (now or at a
set time) and roll back are admin views on ArticleAdmin; the last two need the
kb.publish_article permission (editor group), as does cancelling a scheduled publication.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kb import images, review, revisions
from kb.article_page import article_context, reader_html
from kb.diffing import diff_fields
from kb.links import BrokenLink, broken_links
from kb.models import (
    Article,
    Category,
    ExternalLink,
    Feedback,
    Image,
    Language,
    Revision,
    ScheduledPublication,
    SlugRedirect,
)
from kb.rendering import render_markdown
from kb.slugs import record_slug_change, slug_in_use
from portal.lib.admin import ReadOnlyAdmin

REVISION_TEXT_FIELDS = ("title", "summary", "body")


class MarkdownWithPreview(forms.Textarea):
    """The Markdown textarea with the rendered text beside it. The panel starts with the text as
    loaded (so it shows without JavaScript); htmx posts the form to the live preview view as the
    writer types and swaps in its answer, rendered by the same template."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        textarea = super().render(name, value, attrs, renderer)
        preview = render_to_string(
            "admin/kb/article/live_preview.html",
            {"rendered": reader_html(value or "")},
        )
        return format_html(
            '<div class="kb-editor">{}<div id="kb-live-preview" class="kb-live-preview" '
            'aria-live="polite" aria-label="{}">{}</div></div>',
            textarea,
            _("Podgląd"),
            preview,
        )


class ArticleForm(forms.ModelForm):
    # The text of the revision this save will create; prefilled from the latest revision.
    title = forms.CharField(
        label=gettext_lazy("tytuł"), max_length=200, widget=forms.TextInput(attrs={"size": 80})
    )
    summary = forms.CharField(
        label=gettext_lazy("streszczenie"),
        max_length=300,
        help_text=gettext_lazy("Jedno, dwa zdania; czytelnik widzi je pod tytułem i w Google."),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )
    body = forms.CharField(
        label=gettext_lazy("treść (Markdown)"),
        strip=False,
        help_text=gettext_lazy(
            "Markdown; sekcje, do których linkują inne strony, mają stałe id: "
            "## Nagłówek {#propagation}. [[propagacja:demo]] wstawia bieżący czas propagacji "
            "uprawnień ze sprawdzeń w portalu (środowisko test, demo albo prod)."
        ),
        widget=MarkdownWithPreview(attrs={"rows": 30, "cols": 100, "class": "vLargeTextField"}),
    )
    change_note = forms.CharField(
        label=gettext_lazy("opis zmiany"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Co i dlaczego się zmieniło; czytelnicy widzą to w historii."),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    class Meta:
        model = Article
        fields = ["slug", "language", "category", "translation_of", "reviewed_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(
            {
                "hx-post": reverse("admin:kb_article_live_preview"),
                "hx-trigger": "input changed delay:500ms",
                "hx-target": "#kb-live-preview",
                "hx-sync": "this:replace",
            }
        )
        self.latest = revisions.latest_revision(self.instance) if self.instance.pk else None
        if self.latest is not None:
            for name in REVISION_TEXT_FIELDS:
                self.fields[name].initial = getattr(self.latest, name)
        if "translation_of" in self.fields:
            originals = Article.objects.filter(language=Language.PL)
            if self.instance.pk:
                originals = originals.exclude(pk=self.instance.pk)
            self.fields["translation_of"].queryset = originals  # type: ignore[attr-defined]

    def clean_reviewed_on(self) -> date | None:
        reviewed_on: date | None = self.cleaned_data.get("reviewed_on")
        if reviewed_on and reviewed_on > timezone.localdate():
            raise forms.ValidationError(gettext_lazy("Data przeglądu nie może być z przyszłości."))
        return reviewed_on

    @property
    def text_changed(self) -> bool:
        if self.latest is None:
            return True
        return any(
            self.cleaned_data.get(name) != getattr(self.latest, name)
            for name in REVISION_TEXT_FIELDS
        )

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        # Readers who do not see an image (a screen reader, a slow line) get its alt text only.
        missing = [image.src for image in render_markdown(body).images if not image.alt]
        if missing:
            raise forms.ValidationError(
                _("Każdy obraz potrzebuje opisu: ![opis](adres). Brak opisu przy: %(src)s")
                % {"src": ", ".join(dict.fromkeys(missing))}
            )
        return body

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug_in_use(slug, self.instance):
            raise forms.ValidationError(
                _("Ten adres ma (albo miał) inny artykuł; stare adresy muszą dalej działać.")
            )
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        original = data.get("translation_of")
        if original is not None:
            if data.get("language") != Language.EN:
                self.add_error(
                    "translation_of", _("Tłumaczeniem polskiego artykułu może być tylko wersja en.")
                )
            elif (
                original.translations.filter(language=Language.EN)
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error("translation_of", _("Ten artykuł ma już tłumaczenie na angielski."))
        if self.text_changed and not data.get("change_note", "").strip():
            self.add_error("change_note", _("Opisz zmianę: zapis tworzy nową wersję."))
        return data


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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.data.get("action") == "schedule" and not data.get("publish_at"):
            self.add_error("publish_at", _("Podaj datę i godzinę publikacji."))
        if self.broken and not data.get("publish_broken_links"):
            self.add_error(
                "publish_broken_links",
                _("Popraw linki albo potwierdź, że publikujesz mimo to."),
            )
        return data


class ReviewDueFilter(admin.SimpleListFilter):
    title = gettext_lazy("przegląd merytoryczny")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (
                "due",
                _("do sprawdzenia (ponad %(days)s dni albo nigdy)")
                % {"days": settings.KB_REVIEW_AFTER_DAYS},
            ),
            ("ok", _("sprawdzone niedawno")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() == "due":
            return review.due_for_review(queryset)
        if self.value() == "ok":
            return queryset.exclude(review.stale())
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_pl", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_pl"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/kb/article/change_form.html"
    list_display = [
        "slug",
        "title",
        "language",
        "category",
        "published_version",
        "latest_version",
        "reviewed_on",
        "review_due",
        "view_count",
    ]
    list_filter = [ReviewDueFilter, "language", "category"]
    list_select_related = ["published_revision", "category"]
    search_fields = ["slug", "revisions__title"]
    readonly_fields = ["published_revision", "published_at", "view_count"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body", "change_note"]}),
        (gettext_lazy("Artykuł"), {"fields": [*ArticleForm.Meta.fields]}),
        (gettext_lazy("Publikacja"), {"fields": [*readonly_fields]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # What readers see of a published article besides its text (address, category,
        # translation, review date) changes only with the right to publish, as the text does.
        fields = list(super().get_readonly_fields(request, obj))
        published = obj is not None and obj.published_revision_id is not None
        if published and not request.user.has_perm(revisions.PUBLISH_PERMISSION):
            fields += ArticleForm.Meta.fields
        return fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(latest_number=Max("revisions__number"))

    @admin.display(description=gettext_lazy("tytuł"))
    def title(self, obj: Article) -> str:
        return obj.published_revision.title if obj.published_revision else "—"

    @admin.display(description=gettext_lazy("opublikowana wersja"))
    def published_version(self, obj: Article) -> str:
        return str(obj.published_revision.number) if obj.published_revision else "—"

    @admin.display(description=gettext_lazy("najnowsza wersja"))
    def latest_version(self, obj: Article) -> str:
        return str(getattr(obj, "latest_number", None) or "—")

    @admin.display(description=gettext_lazy("do przeglądu"), boolean=True)
    def review_due(self, obj: Article) -> bool:
        return review.is_stale(obj)

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if change:
            old_slug = Article.objects.get(pk=obj.pk).slug
            # Only the form's own fields: publishing happens elsewhere, and a save that started
            # before an editor published must not put the old published revision back.
            obj.save(update_fields=ArticleForm.Meta.fields)
        else:
            old_slug = obj.slug
            obj.save()
        record_slug_change(obj, old_slug)
        if form.text_changed:
            revision = revisions.create_revision(
                obj,
                author=request.user,
                change_note=form.cleaned_data["change_note"].strip(),
                **{name: form.cleaned_data[name] for name in REVISION_TEXT_FIELDS},
            )
            messages.info(
                request,
                _("Zapisano wersję %(number)s. Czytelnicy zobaczą ją po opublikowaniu.")
                % {"number": revision.number},
            )
        else:
            messages.info(request, _("Treść bez zmian: nie utworzono nowej wersji."))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        article = self.get_object(request, object_id)
        extra = {**(extra_context or {})}
        if article is not None:
            extra["versions"] = _versions_with_counts(article)
            extra["can_publish"] = revisions.can_publish(request.user)
            extra["current_number"] = (
                article.published_revision.number if article.published_revision else None
            )
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        own = [
            path("live-preview/", wrap(self.live_preview_view), name="kb_article_live_preview"),
            path(
                "<path:object_id>/versions/<int:number>/preview/",
                wrap(self.preview_view),
                name="kb_article_preview",
            ),
            path("<path:object_id>/diff/", wrap(self.diff_view), name="kb_article_diff"),
            path(
                "<path:object_id>/versions/<int:number>/publish/",
                wrap(self.publication_view),
                {"rollback": False},
                name="kb_article_publish",
            ),
            path(
                "<path:object_id>/versions/<int:number>/rollback/",
                wrap(self.publication_view),
                {"rollback": True},
                name="kb_article_rollback",
            ),
        ]
        return own + super().get_urls()

    def _article_for(self, request: HttpRequest, object_id: str) -> Article:
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        article = self._article_for(request, object_id)
        revision = get_object_or_404(article.revisions, number=number)
        # Rendered in the article's own language, by the reader page's template: what readers
        # will get, not an approximation of it.
        with translation.override(article.language):
            context = article_context(article, revision, preview=True)
            context["admin_url"] = reverse("admin:kb_article_change", args=[article.pk])
            return render(request, "kb/article.html", context)

    @method_decorator(require_POST)
    def live_preview_view(self, request: HttpRequest) -> HttpResponse:
        """The body being typed, rendered and sanitised as readers get it (htmx posts the form)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        language = request.POST.get("language")
        with translation.override(language if language in Language.values else None):
            rendered = reader_html(request.POST.get("body", ""))
            return render(request, "admin/kb/article/live_preview.html", {"rendered": rendered})

    def diff_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_for(request, object_id)
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Porównanie wersji %(old)s i %(new)s")
            % {"old": old.number, "new": new.number},
            "versions": versions,
            "old": old,
            "new": new,
            "diffs": diff_fields(
                {name: getattr(old, name) for name in labels},
                {name: getattr(new, name) for name in labels},
                labels,
            ),
        }
        return TemplateResponse(request, "admin/kb/article/diff.html", context)

    def publication_view(
        self, request: HttpRequest, object_id: str, number: int, *, rollback: bool
    ) -> HttpResponse:
        article = self._article_for(request, object_id)
        if not revisions.can_publish(request.user):
            raise PermissionDenied
        revision = get_object_or_404(article.revisions, number=number)
        change_url = reverse("admin:kb_article_change", args=[article.pk])
        data = request.POST if request.method == "POST" else None
        form = PublicationForm(data, broken=broken_links(revision))
        if form.is_valid():
            try:
                messages.success(request, self._act(request, revision, rollback, form))
            except revisions.RevisionError as error:
                if request.POST.get("action") != "schedule":
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "revision": revision,
            "title": _("Przywracanie wersji") if rollback else _("Publikacja wersji"),
            "question": question % {"number": number},
            "button": _("Tak, przywróć") if rollback else _("Tak, opublikuj"),
            "change_url": change_url,
            "form": form,
            "rollback": rollback,
        }
        return TemplateResponse(request, "admin/kb/article/confirm_publication.html", context)

    def _act(
        self, request: HttpRequest, revision: Revision, rollback: bool, form: PublicationForm
    ) -> str:
        """Roll back, schedule or publish as the confirmation asked; returns what was done."""
        if rollback:
            restored = revisions.roll_back(revision.article, revision, request.user)
            done = _("Przywrócono treść wersji %(old)s jako wersję %(new)s (opublikowana).")
            return done % {"old": revision.number, "new": restored.number}
        if request.POST.get("action") == "schedule":
            publish_at = form.cleaned_data["publish_at"]
            revisions.schedule_publication(revision, request.user, publish_at)
            when = formats.date_format(timezone.localtime(publish_at), "SHORT_DATETIME_FORMAT")
            done = _("Wersja %(number)s zostanie opublikowana %(when)s.")
            return done % {"number": revision.number, "when": when}
        revisions.publish(revision, request.user)
        return _("Opublikowano wersję %(number)s.") % {"number": revision.number}


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _versions_with_counts(article: Article) -> QuerySet[Revision]:
    schedules = ScheduledPublication.objects.select_related("scheduled_by")
    return (
        article.revisions.select_related("author", "restored_from")
        .prefetch_related(Prefetch("schedules", queryset=schedules))
        .annotate(
            helpful_yes=Count("feedback", filter=Q(feedback__helpful=True), distinct=True),
            helpful_no=Count("feedback", filter=Q(feedback__helpful=False), distinct=True),
            first_published=Min("publications__published_at"),
        )
        .order_by("-number")
    )


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["article", "number", "title", "author", "created_at", "yes", "no"]
    list_filter = ["article__language"]
    list_select_related = ["article", "author"]
    search_fields = ["article__slug", "title", "change_note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                helpful_yes=Count("feedback", filter=Q(feedback__helpful=True)),
                helpful_no=Count("feedback", filter=Q(feedback__helpful=False)),
            )
        )

    @admin.display(description=gettext_lazy("pomogło"), ordering="helpful_yes")
    def yes(self, obj: Revision) -> int:
        return obj.helpful_yes  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=gettext_lazy("nie pomogło"), ordering="helpful_no")
    def no(self, obj: Revision) -> int:
        return obj.helpful_no  # type: ignore[attr-defined,no-any-return]


@admin.register(ScheduledPublication)
class ScheduledPublicationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Scheduled publications, waiting and done; an editor cancels a waiting one by deleting it."""

    list_display = ["revision", "publish_at", "scheduled_by", "scheduled_at", "state"]
    list_filter = [("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["revision__article", "scheduled_by", "publication"]
    search_fields = ["revision__article__slug", "revision__title"]
    actions = None

    @admin.display(description=gettext_lazy("stan"))
    def state(self, obj: ScheduledPublication) -> str:
        if obj.done_at is None:
            return _("czeka")
        if obj.publication is None:
            return _("nie opublikowano: %(why)s") % {"why": obj.failure}
        return _("opublikowano")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return revisions.can_publish(request.user) and (obj is None or obj.done_at is None)

    def delete_model(self, request: HttpRequest, obj: ScheduledPublication) -> None:
        revisions.cancel_schedule(obj, request.user)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    deletable = True
    list_display = ["revision", "helpful", "comment", "created_at"]
    list_filter = ["helpful", "revision__article__language"]
    list_select_related = ["revision__article"]
    search_fields = ["revision__article__slug", "comment"]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    deletable = True
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__slug"]


class ImageForm(forms.ModelForm):
    upload = forms.FileField(
        label=gettext_lazy("plik"),
        help_text=gettext_lazy("PNG, JPEG albo WebP; zrzuty ekranu najlepiej jako PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["alt"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["upload"]  # a stored file never changes: upload a new image instead

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        self.inspected = images.inspect(upload)
        same = images.existing(self.inspected)
        if same is not None:
            raise forms.ValidationError(already_on_the_portal(same))
        return upload


def already_on_the_portal(image: Image) -> str:
    return _("Ten obraz już jest w portalu; wklej: %(markdown)s") % {"markdown": image.markdown}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """Writers upload images here and copy the Markdown that shows one in an article."""

    form = ImageForm
    list_display = ["thumbnail", "alt", "markdown_code", "dimensions", "uploaded_at"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "name"]
    readonly_fields = [
        "markdown_code",
        "thumbnail",
        "dimensions",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "used_in",
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["upload", "alt"]
        return ["alt", *self.readonly_fields]

    @admin.display(description=gettext_lazy("Markdown do wklejenia"))
    def markdown_code(self, obj: Image) -> str:
        return format_html('<code class="kb-image-markdown">{}</code>', obj.markdown)

    @admin.display(description=gettext_lazy("obraz"))
    def thumbnail(self, obj: Image) -> str:
        return format_html(
            '<img src="{}" alt="{}" width="160" class="kb-image-thumbnail">', obj.page_url, obj.alt
        )

    @admin.display(description=gettext_lazy("wymiary"))
    def dimensions(self, obj: Image) -> str:
        size = f"{obj.width} x {obj.height}"
        if obj.page_name == obj.name:
            return size
        page = f"{obj.page_width} x {obj.page_height}"
        return _("%(size)s (na stronie %(page)s)") % {"size": size, "page": page}

    @admin.display(description=gettext_lazy("używają go wersje"))
    def used_in(self, obj: Image) -> str:
        return ", ".join(str(revision) for revision in images.revisions_using(obj)) or "—"

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().add_view(request, form_url, extra_context)
        except images.AlreadyStored as exc:
            # The same upload at the same moment got in first (the form's check saw nothing);
            # the add has been rolled back, and the writer gets the image that was stored.
            self.message_user(request, already_on_the_portal(exc.image), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:kb_image_change", args=[exc.image.pk]))

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        if change:
            obj.save()
        else:
            images.store(obj, form.inspected, request.user)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # Revisions that refer to an image are listed as what protects it, so Django's own
        # delete page (and the bulk action) refuses with the list instead of deleting.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            protected += [
                format_html(
                    '{}: <a href="{}">{}</a>',
                    image.alt,
                    reverse("admin:kb_article_change", args=[revision.article_id]),
                    revision,
                )
                for revision in images.revisions_using(image)
            ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        images.delete_image(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> None:
        for image in queryset:
            images.delete_image(image)


@admin.register(ExternalLink)
class ExternalLinkAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Links to other sites and what the weekly check found (kb.external_links), broken ones
    first, each with the articles that contain it: the writer fixes the article, and the next
    run sees the change."""

    # The address opens the record (the admin's link); the record's page links to the site.
    list_display = ["url", "status", "detail", "used_in", "broken_since", "checked_at"]
    list_filter = ["status"]
    search_fields = ["url", "revisions__article__slug"]
    fields = ["address", "status", "detail", "used_in", "broken_since", "checked_at"]
    readonly_fields = ["address", "status", "detail", "used_in", "broken_since", "checked_at"]
    # Broken first, longest broken on top of those; the admin takes expressions, the stubs do not.
    ordering = [F("broken_since").asc(nulls_last=True), "url"]  # type: ignore[list-item]
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExternalLink]:
        containing = Revision.objects.select_related("article").only("number", "article__slug")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("revisions", queryset=containing.order_by("article__slug")))
        )

    @admin.display(description=gettext_lazy("adres"), ordering="url")
    def address(self, obj: ExternalLink) -> str:
        return format_html('<a href="{}" rel="noreferrer noopener">{}</a>', obj.url, obj.url)

    @admin.display(description=gettext_lazy("w artykułach"))
    def used_in(self, obj: ExternalLink) -> str:
        return format_html_join(
            ", ",
            '<a href="{}">{} (v{})</a>',
            (
                (
                    reverse("admin:kb_article_change", args=[revision.article_id]),
                    revision.article.slug,
                    revision.number,
                )
                for revision in obj.revisions.all()
            ),
        )
