from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kb.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the published revisions of all articles."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} published articles.")
