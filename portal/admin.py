"""The admin site: Django's, named for the portal and with the writers' insights page. It sits
above the apps; what their admins share is in portal.lib.admin."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import MAXYEAR, MINYEAR
from functools import wraps
from typing import Any

from django.contrib import admin
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _

from kb.errorlinks import coverage
from portal import insights
from portal.lib import clock

# A year lookup in a changelist's address: published_at__year=…, created_at__iso_year__gte=….
_YEAR_LOOKUP = re.compile(r"__(?:iso_)?year(?:__(?:exact|gt|gte|lt|lte))?$")


def _refuse_years_outside_the_calendar(request: HttpRequest) -> None:
    """Django turns a year filter into the dates that bound it before anything else, and a year
    outside 1-9999 raises ValueError there (a 500 on every database). Such a year is a bad
    request; what is no number at all is left to the changelist, which answers it with "?e=1"."""
    for name, values in request.GET.lists():
        if not _YEAR_LOOKUP.search(name):
            continue
        for value in values:
            try:
                year = int(value)
            except ValueError:
                continue
            if not MINYEAR <= year <= MAXYEAR:
                raise BadRequest("year outside the calendar")


class PortalAdminSite(admin.AdminSite):
    site_header = _("Portal pomocy KSeF: administracja")
    site_title = _("Portal pomocy KSeF")
    index_title = _("Artykuły, reguły i sprawdzenia")

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            _refuse_years_outside_the_calendar(request)
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
        """What readers read and struggle with, for writers and editors (portal.insights)."""
        if not request.user.has_perm(insights.PERMISSION):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": _("Statystyki dla autorów"),
            **insights.page(insights.figures(clock.current().now())),
            "catalogue": coverage.state(),
        }
        return TemplateResponse(request, "admin/insights.html", context)
