"""Install the simulator's demo scenarios (idempotent: resets each one to its start) and print
what `make run` users need to try them: each scenario's environment, NIP and token."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.simulator.console import describe_demo_scenarios
from portal.simulator.installing import install_scenarios


class Command(BaseCommand):
    help = "Create or reset the KSeF simulator's demo scenarios (tokens, subjects, grants, keys)."

    def handle(self, *args: Any, **options: Any) -> None:
        scenarios = install_scenarios()
        self.stdout.write(f"KSeF simulator: {len(scenarios)} scenarios installed.")
        self.stdout.write(describe_demo_scenarios())
