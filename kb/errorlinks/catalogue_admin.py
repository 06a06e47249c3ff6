"""The catalogue's record of documented codes, for writers: what the ministry's document says,
where each code is answered, and what changed. Written by sync_error_catalogue, never by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb.errorlinks import coverage
from kb.errorlinks.models import KsefCode
from portal.lib.admin import ReadOnlyAdmin


class ChangedFilter(admin.SimpleListFilter):
    title = _("zmiany w dokumentacji")
    parameter_name = "drift"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("changed", _("opis zmieniony")), ("gone", _("już nieopisany"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[KsefCode]) -> QuerySet[KsefCode]:
        if self.value() == "changed":
            return queryset.exclude(changed_in="")
        if self.value() == "gone":
            return queryset.exclude(gone_since="")
        return queryset


@admin.register(KsefCode)
class KsefCodeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "description", "answer", "first_seen", "changed_in", "gone_since"]
    list_filter = ["table", ChangedFilter]
    search_fields = ["code", "description", "details"]
    ordering = ["table", "code"]

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        # One reading of the rules for the page's rows, not one per row.
        answers = coverage.own_answers(changelist.result_list)
        for code in changelist.result_list:
            code.own_answer = answers.get(code.pk)
        return changelist

    @admin.display(description=_("odpowiedź"))
    def answer(self, code: KsefCode) -> str:
        found = getattr(code, "own_answer", None)
        if found is None:
            return format_html('<a href="{}">{}</a>', code.add_rule_url(), _("dodaj regułę"))
        page = reverse("errorlinks:code", kwargs={"slug": code.slug})
        return format_html('<a href="{}">{}#{}</a>', page, found.article.slug, found.anchor)
