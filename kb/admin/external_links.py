"""Links to other sites and what the weekly check (kb.external_links) found, broken first, each
with the articles to fix; the next run sees the fix."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy

from kb.models import ExternalLink, Revision
from portal.lib.admin import ReadOnlyAdmin


@admin.register(ExternalLink)
class ExternalLinkAdmin(ReadOnlyAdmin, admin.ModelAdmin):
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
