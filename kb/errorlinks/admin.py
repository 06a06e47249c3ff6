"""Writers map errors to articles here, see what changed, and see which errors have no rule."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb.article_page import sanitised
from kb.errorlinks import audit
from kb.errorlinks.matching import normalise_pattern, specificity
from kb.errorlinks.models import ErrorLinkMiss, ErrorRule, ErrorRuleChange
from kb.errorlinks.params import parse_reason
from portal.lib.admin import ReadOnlyAdmin


class ErrorRuleForm(forms.ModelForm):
    class Meta:
        model = ErrorRule
        fields = list(audit.AUDITED_FIELDS)

    def clean_endpoint_pattern(self) -> str:
        return normalise_pattern(self.cleaned_data["endpoint_pattern"])

    def clean_reason_code(self) -> str:
        raw = self.cleaned_data["reason_code"].strip()
        reason = parse_reason(raw)
        if raw and not reason:
            raise forms.ValidationError(_("reasonCode to małe litery, cyfry i myślniki."))
        return reason

    def clean_status(self) -> int | None:
        status = self.cleaned_data["status"]
        if status is not None and not 100 <= status <= 599:
            raise forms.ValidationError(_("Status HTTP to liczba od 100 do 599."))
        return status


@admin.register(ErrorRule)
class ErrorRuleAdmin(admin.ModelAdmin):
    form = ErrorRuleForm
    list_display = [
        "__str__",
        "status",
        "code",
        "reason_code",
        "endpoint_pattern",
        "environment",
        "active",
        "specificity_display",
        "try_link",
    ]
    list_filter = ["active", "status", "environment"]
    search_fields = ["reason_code", "endpoint_pattern", "article__slug", "anchor", "note"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]
    readonly_fields = [
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "starter_key",
        "history_link",
    ]

    @admin.display(description=_("historia zmian"))
    def history_link(self, rule: ErrorRule) -> str:
        if rule.pk is None:
            return "—"
        url = reverse("admin:errorlinks_errorrulechange_changelist")
        count = ErrorRuleChange.objects.filter(rule_id=rule.pk).count()
        return format_html('<a href="{}?rule_id={}">{} ({})</a>', url, rule.pk, _("zmiany"), count)

    @admin.display(description=_("szczegółowość"))
    def specificity_display(self, rule: ErrorRule) -> str:
        return str(specificity(rule)[1])

    @admin.display(description=_("podgląd"))
    def try_link(self, rule: ErrorRule) -> str:
        params = {
            "status": rule.status or "",
            "code": rule.code or "",
            "reason": rule.reason_code,
            "method": rule.method,
            "endpoint": "" if rule.endpoint_pattern == "*" else rule.endpoint_pattern,
            "env": rule.environment,
        }
        query = urlencode({k: v for k, v in params.items() if v})
        return format_html(
            '<a href="{}?{}">{}</a>', reverse("errorlinks:landing"), query, _("otwórz")
        )

    def save_model(self, request: HttpRequest, obj: ErrorRule, form: Any, change: bool) -> None:
        before = None
        if change:
            before = audit.snapshot(ErrorRule.objects.get(pk=obj.pk))
        else:
            obj.created_by = request.user  # type: ignore[assignment]
        obj.updated_by = request.user  # type: ignore[assignment]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = ErrorRuleChange.Action.CHANGED if change else ErrorRuleChange.Action.CREATED
            audit.record(obj, action, before=before, user=request.user, now=timezone.now())
        self._warn_about_missing_anchor(request, obj)

    def delete_model(self, request: HttpRequest, obj: ErrorRule) -> None:
        self._delete_audited(request, [obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ErrorRule]) -> None:
        self._delete_audited(request, list(queryset))

    @staticmethod
    def _delete_audited(request: HttpRequest, rules: list[ErrorRule]) -> None:
        now = timezone.now()
        with transaction.atomic():
            for rule in rules:
                before = audit.snapshot(rule)
                audit.record(
                    rule, ErrorRuleChange.Action.DELETED, before=before, user=request.user, now=now
                )
                rule.delete()

    @staticmethod
    def _warn_about_missing_anchor(request: HttpRequest, rule: ErrorRule) -> None:
        revision = rule.article.published_revision
        if not rule.anchor or revision is None:
            return
        # The question the answer asks (kb.errorlinks.lookup): ids as the page has them.
        if sanitised(revision.body, rule.article.language).section(rule.anchor) is None:
            messages.warning(
                request,
                _(
                    "Opublikowana wersja artykułu %(slug)s nie ma nagłówka z id „%(anchor)s”; "
                    "dopóki go nie dodasz, link pokaże cały artykuł."
                )
                % {"slug": rule.article.slug, "anchor": rule.anchor},
            )


@admin.register(ErrorRuleChange)
class ErrorRuleChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    # Not deletable either: an audit trail that can be edited is not one. Without the change
    # permission the admin shows every field read-only.
    list_display = ["changed_at", "rule_id", "action", "changed_by", "starter_key"]
    list_filter = ["action"]
    search_fields = ["=rule_id", "starter_key"]


@admin.register(ErrorLinkMiss)
class ErrorLinkMissAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "count",
        "status",
        "code",
        "reason_code",
        "method",
        "endpoint",
        "environment",
        "first_seen",
        "last_seen",
        "add_rule_link",
    ]
    list_filter = ["status", "environment"]
    search_fields = ["code", "reason_code", "endpoint"]
    deletable = True

    @admin.display(description=_("reguła"))
    def add_rule_link(self, miss: ErrorLinkMiss) -> str:
        return format_html('<a href="{}">{}</a>', miss.add_rule_url(), _("dodaj regułę"))


# The catalogue's record of documented codes has a module of its own.
from kb.errorlinks import catalogue_admin  # noqa: E402, F401
