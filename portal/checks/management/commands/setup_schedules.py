"""Register the session check's every-minute schedule; safe to run repeatedly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.checks.schedules import RUN_DUE, ensure_schedules


class Command(BaseCommand):
    help = "Create or update the django-q2 schedule of the session check."

    def handle(self, *args: Any, **options: Any) -> None:
        created = ensure_schedules()
        self.stdout.write(f"Schedule {RUN_DUE!r} {'created' if created else 'in place'}.")
