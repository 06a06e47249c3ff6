from __future__ import annotations

from django.contrib import admin

from kb.search.models import SearchMiss
from portal.lib.admin import ReadOnlyAdmin


@admin.register(SearchMiss)
class SearchMissAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """What readers searched for and did not find, most frequent first. Read-only: a writer
    deletes an entry once an article answers it."""

    list_display = ["query", "count", "first_seen", "last_seen"]
    ordering = ["-count", "-last_seen"]
    search_fields = ["query"]
    readonly_fields = ["query", "count", "first_seen", "last_seen"]
    deletable = True
