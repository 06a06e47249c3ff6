"""Register the portal's recurring schedules (portal/schedules.py); safe to run repeatedly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.schedules import RECURRING, ensure_schedules


class Command(BaseCommand):
    help = "Create or update the portal's recurring django-q2 schedules."

    def handle(self, *args: Any, **options: Any) -> None:
        created = ensure_schedules()
        self.stdout.write(f"Schedules: {len(RECURRING)} in place, {len(created)} created.")
