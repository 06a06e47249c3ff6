"""What the admins of the site's own records share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _

from kb import insights
from kb.errorlinks import coverage
from portal.checks import clock


class PortalAdminSite(admin.AdminSite):
    site_header = _("Portal pomocy KSeF: administracja")
    site_title = _("Portal pomocy KSeF")
    index_title = _("Artykuły, reguły i sprawdzenia")

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return inner(request, *args, **kwargs)  # type: ignore[no-any-return]
            except (DataError, OverflowError) as exc:
                # A filter value in the address that the database cannot take (a NUL byte on
                # PostgreSQL, a year past any date): the request is bad, not the server.
                raise BadRequest("invalid filter value") from exc

        return guarded

    def get_urls(self) -> list[URLResolver | URLPattern]:
        own = [path("insights/", self.admin_view(self.insights_view), name="insights")]
        return own + super().get_urls()

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra = {**(extra_context or {})}
        extra["show_insights"] = request.user.has_perm(insights.PERMISSION)
        return super().index(request, extra)

    def insights_view(self, request: HttpRequest) -> HttpResponse:
        """What readers read and struggle with, for writers and editors (kb.insights)."""
        if not request.user.has_perm(insights.PERMISSION):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": _("Statystyki dla autorów"),
            **insights.page(insights.figures(clock.current().now())),
            "catalogue": coverage.state(),
        }
        return TemplateResponse(request, "admin/insights.html", context)


class ReadOnlyAdmin(BaseModelAdmin):
    """Mixed into a ModelAdmin or an inline for records the site writes itself (revisions,
    feedback, checks, audit trails): shown, never added or edited by hand, so history and counts
    stay true. Nor deleted, unless the admin sets ``deletable`` for records staff may dismiss."""

    deletable = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)
