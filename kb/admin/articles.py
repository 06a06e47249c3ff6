"""The article editor: the change form writes a new revision, never updates one (kb.revisions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb import review, revisions
from kb.admin import article_views
from kb.models import Article, Category, Language, SlugRedirect
from kb.rendering import render_markdown
from kb.slugs import record_slug_change, slug_in_use
from portal.lib.admin import ReadOnlyAdmin

REVISION_TEXT_FIELDS = ("title", "summary", "body")


class MarkdownWithPreview(forms.Textarea):
    """The Markdown textarea with the rendered text beside it, filled without JavaScript and again
    by htmx as the writer types, from one function (article_views.live_preview_html)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        live = {
            "hx-post": reverse("admin:kb_article_live_preview"),
            "hx-trigger": "input changed delay:500ms",
            "hx-target": "#kb-live-preview",
            "hx-sync": "this:replace",
        }
        return format_html(
            '<div class="kb-editor">{}<div id="kb-live-preview" class="kb-live-preview" '
            'aria-live="polite" aria-label="{}">{}</div></div>',
            super().render(name, value, {**(attrs or {}), **live}, renderer),
            _("Podgląd"),
            article_views.live_preview_html(value or ""),
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
        if published and not revisions.can_publish(request.user):
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
        old_slug = Article.objects.get(pk=obj.pk).slug if change else obj.slug
        # A change saves only the form's own fields: publishing happens elsewhere, and a save that
        # started before an editor published must not put the old published revision back.
        obj.save(update_fields=ArticleForm.Meta.fields if change else None)
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
            extra.update(article_views.versions_context(request, article))
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self) -> list[URLPattern]:
        def own(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
            return self.admin_site.admin_view(partial(view, model_admin=self))

        version = "<path:object_id>/versions/<int:number>"
        confirm = own(article_views.confirm_publication)
        return [
            path("live-preview/", own(article_views.live_preview), name="kb_article_live_preview"),
            path(f"{version}/preview/", own(article_views.preview), name="kb_article_preview"),
            path("<path:object_id>/diff/", own(article_views.diff), name="kb_article_diff"),
            path(f"{version}/publish/", confirm, {"rollback": False}, name="kb_article_publish"),
            path(f"{version}/rollback/", confirm, {"rollback": True}, name="kb_article_rollback"),
            *super().get_urls(),
        ]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    deletable = True
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__slug"]
