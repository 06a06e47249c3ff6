from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kb.search.models import SearchMiss


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What readers searched for and did not find, most frequent first. Read-only: a writer
    deletes an entry once an article answers it."""

    list_display = ["query", "count", "first_seen", "last_seen"]
    ordering = ["-count", "-last_seen"]
    search_fields = ["query"]
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
