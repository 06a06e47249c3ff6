from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kb.errorlinks import catalogue, inventory, skeleton


class Command(BaseCommand):
    help = (
        "Print the starting Markdown of a family's sections (or of every code) from the "
        "ministry's OpenAPI document, for writers to complete."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=inventory.VENDORED, help="OpenAPI document to read"
        )
        parser.add_argument(
            "--family", choices=[f.key for f in catalogue.FAMILIES], help="only this family"
        )
        parser.add_argument("--language", choices=["pl", "en"], default="pl")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            found = inventory.load(options["file"])
        except inventory.InventoryError as error:
            raise CommandError(str(error)) from error
        wanted = options["family"]
        for entry in sorted(found, key=catalogue.sort_key):
            family = catalogue.family_of(entry.table, entry.code)
            if wanted and (family is None or family.key != wanted):
                continue
            self.stdout.write(skeleton.section(entry, found.version, options["language"]))
