"""Load the starter articles; safe to run on every start (make run does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.starter_content import load

DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "kb" / "starter"


class Command(BaseCommand):
    help = (
        "Create the starter categories and articles that do not exist yet (revision 1, "
        "published), and publish an updated starter text as a new revision of an article no "
        "writer has touched. Articles writers have worked on are never changed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIRECTORY))

    def handle(self, *args: Any, directory: str, **options: Any) -> None:
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"No such directory: {path}")
        report = load(path)
        self.stdout.write(
            f"Starter content: {len(report.created)} article(s) created, "
            f"{len(report.updated)} updated as a new revision, "
            f"{len(report.unchanged)} already present and left unchanged, "
            f"{len(report.categories_created)} categor(y/ies) created."
        )
        for key in report.created:
            self.stdout.write(f"  created {key}")
        for key in report.updated:
            self.stdout.write(f"  updated {key}")
        if report.errors:
            # Everything loadable was loaded; the broken files are named so they can be fixed.
            raise CommandError(
                "Some starter files were not loaded:\n  " + "\n  ".join(report.errors)
            )
