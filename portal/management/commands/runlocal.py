"""Run the web server and the django-q2 worker together; one Ctrl-C stops both."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Start runserver and qcluster side by side for local work (make run)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, addr: str, **options: Any) -> None:
        if settings.KSEF_SIMULATOR_ENABLED:
            from portal.simulator.console import describe_demo_scenarios

            self.stdout.write(describe_demo_scenarios())
        # Stop on Ctrl-C and on SIGTERM alike, even when started from a shell that ignores SIGINT
        # in background jobs (the children then start with default handlers again).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        manage = [sys.executable, "manage.py"]
        children = [
            subprocess.Popen([*manage, "qcluster"]),
            # --noreload: the reloader would fork a second server process that outlives Ctrl-C.
            subprocess.Popen([*manage, "runserver", addr, "--noreload"]),
        ]
        self.stdout.write(f"Portal: http://{addr}/  (Ctrl-C stops the server and the worker)")
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    # SIGTERM, not SIGINT: a child started with SIGINT ignored (as under a
                    # non-interactive shell) would not stop on SIGINT.
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
