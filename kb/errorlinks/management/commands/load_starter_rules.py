from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from kb.errorlinks.starter import load_starter_rules


class Command(BaseCommand):
    help = "Load the starter error-link rules (idempotent; run after load_starter_content)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_starter_rules(timezone.now())
        self.stdout.write(
            f"Error-link rules: {len(result.created)} created, {len(result.kept)} already there."
        )
        if result.skipped_missing_article:
            self.stdout.write(
                "Waiting for their articles (load again after load_starter_content): "
                + ", ".join(result.skipped_missing_article)
            )
        if result.skipped_deleted:
            self.stdout.write(
                "Not restored, a writer deleted them: " + ", ".join(result.skipped_deleted)
            )
