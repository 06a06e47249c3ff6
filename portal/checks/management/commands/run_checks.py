"""The check worker: runs session checks' attempts as they fall due, until SIGTERM or Ctrl-C.

A process of its own beside gunicorn and qcluster (Procfile, docs/operators.md); any number may
run, on any machine that reaches the database: each claim hands a check to exactly one of them.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal.checks import lifecycle
from portal.checks.config import get_config
from portal.checks.worker import CheckWorker
from portal.lib import clock


class Command(BaseCommand):
    help = "Run due session checks, CHECK_WORKER_THREADS attempts at a time, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run what is due now, one attempt after another, and exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            ran = lifecycle.run_due(clock.current())
            self.stdout.write(f"Ran {ran} attempts.")
            return
        threads = get_config().worker_threads
        worker = CheckWorker(clock.current(), threads)
        stop = threading.Event()

        def ask_to_stop(signum: int, frame: object) -> None:
            stop.set()
            worker.wake()

        signal.signal(signal.SIGTERM, ask_to_stop)
        signal.signal(signal.SIGINT, ask_to_stop)
        self.stdout.write(f"Check worker: {threads} threads.")
        self.stdout.flush()
        worker.serve(stop)
        self.stdout.write("Check worker stopped.")
