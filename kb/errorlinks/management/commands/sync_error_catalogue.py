from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kb.errorlinks import catalogue, coverage, drift, inventory, skeleton
from kb.errorlinks.models import KsefCode


class Command(BaseCommand):
    help = (
        "Read the ministry's OpenAPI document (the vendored one by default) into the error "
        "catalogue and list, for writers, the codes it adds, changes or no longer lists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=inventory.VENDORED)
        parser.add_argument(
            "--dry-run", action="store_true", help="only list what would change, record nothing"
        )
        parser.add_argument(
            "--force", action="store_true", help="read a document older than the last one read"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            found = inventory.load(options["file"])
            result = drift.sync(
                found,
                timezone.localdate(),
                apply=not options["dry_run"],
                force=options["force"],
            )
        except (inventory.InventoryError, drift.OlderDocument) as error:
            raise CommandError(str(error)) from error
        self.report(found, result)

    def report(self, found: inventory.Inventory, result: drift.Drift) -> None:
        write = self.stdout.write
        write(f"OpenAPI {found.version}: {len(found)} documented codes.")
        if result.first_read:
            write("First document read: every code recorded.")
        elif result.is_empty:
            write("Nothing new, changed or gone since the last document read.")
        for title, rows in (
            ("New (write a section, then a rule for it)", result.new),
            ("Changed description (answers due for review)", result.changed),
            ("No longer documented", result.gone),
            ("Documented again", result.back),
        ):
            if rows:
                write(f"\n{title}:")
                for row in rows:
                    write(f"  {describe(row)}")
                    if row in result.changed:
                        before = one_line(row.previous_description, row.previous_details)
                        write(f"    before: {before}")
                        write(f"    now:    {one_line(row.description, row.details)}")
        if result.marked_due:
            write(
                "\nArticles marked due for review: " + ", ".join(a.slug for a in result.marked_due)
            )
        state = coverage.state()
        write(f"\nCatalogue: {state.answered} of {state.total} codes have an answer of their own.")
        for row in result.new:
            entry = found.get(inventory.Table(row.table), row.code)
            if entry is not None:
                write("\n" + skeleton.section(entry, found.version, "pl"))


def describe(row: KsefCode) -> str:
    family = catalogue.likely_family(inventory.Table(row.table), row.code, row.endpoints)
    where = f" [{family.key}]" if family else ""
    return f"{row.get_table_display()} {row.code}{where}: {one_line(row.description, '')}"


def one_line(description: str, details: str) -> str:
    parts = [description.replace("\n", " / ")]
    if details:
        parts.append("(" + details.replace("\n", "; ") + ")")
    return " ".join(parts)
