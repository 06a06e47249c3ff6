"""The check worker (`manage.py run_checks`): claims due checks and runs their attempts on threads.

An attempt spends nearly all of its ~5 s waiting for KSeF and a few milliseconds computing, so one
process runs many at once, a thread each, up to CHECK_WORKER_THREADS. One loop does the claiming,
as healthchecks' sendalerts does: it takes as many due checks as it has free threads
(lifecycle.claim, one UPDATE each, in queueing's order), hands each to a thread, and looks again
when a thread frees up or POLL_SECONDS later. A worker that dies leaves its checks running with
leases that run out, due again for any worker; while an attempt is alive its lease is renewed, so
a slow KSeF never makes a running attempt look abandoned.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from django.db import DatabaseError, close_old_connections, connections

from portal.checks import lifecycle
from portal.checks.config import get_config
from portal.checks.models import SessionCheck, Status
from portal.lib.clock import Clock

logger = logging.getLogger("portal.checks")

# How often an idle worker looks for due checks: the longest a new check waits for a free thread.
POLL_SECONDS = 0.5
# A lease is renewed this many times within its length, so a late renewal never lets it lapse.
RENEWALS_PER_LEASE = 4


class CheckWorker:
    def __init__(self, clock: Clock, threads: int) -> None:
        self.clock = clock
        self.threads = threads
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="check-attempt")
        self._lock = threading.Lock()
        # The checks whose attempts run now, with their deadlines (renewed until then).
        self._running: dict[int, datetime] = {}
        self._freed = threading.Event()

    @property
    def running(self) -> int:
        with self._lock:
            return len(self._running)

    def start_due(self) -> int:
        """Claim due checks for the free threads and start their attempts; how many started."""
        started = 0
        while self.running < self.threads:
            check = lifecycle.claim(self.clock.now())
            if check is None:
                break
            with self._lock:
                self._running[check.pk] = check.deadline
            self._pool.submit(self._attempt, check)
            started += 1
        return started

    def _attempt(self, check: SessionCheck) -> None:
        try:
            lifecycle.attempt(check, self.clock)
        except Exception:
            # The check keeps its lease, which runs out: it is due again.
            logger.exception("check %s: attempt %s failed", check.pk, check.attempts)
        finally:
            # Django opens a connection per thread: closed here, so idle threads hold none.
            connections.close_all()
            with self._lock:
                del self._running[check.pk]
            self._freed.set()

    def renew_leases(self) -> int:
        """Extend the lease of every attempt still running before its check's deadline; past it
        the lease runs out, and a check whose attempt hangs is abandoned by the next claim."""
        now = self.clock.now()
        with self._lock:
            live = [pk for pk, deadline in self._running.items() if deadline > now]
        if not live:
            return 0
        return SessionCheck.objects.filter(pk__in=live, status=Status.RUNNING).update(
            lease_until=now + get_config().lease
        )

    def serve(self, stop: threading.Event) -> None:
        """Claim and run due checks until ``stop`` is set, then let running attempts end."""
        renew_every = get_config().lease.total_seconds() / RENEWALS_PER_LEASE
        renewed = self.clock.monotonic()
        try:
            while not stop.is_set():
                try:
                    # The loop's own connection lives as long as the process: drop it when the
                    # database went away (a restart) or it is past its age.
                    close_old_connections()
                    self.start_due()
                    if self.clock.monotonic() - renewed >= renew_every:
                        self.renew_leases()
                        renewed = self.clock.monotonic()
                except DatabaseError:
                    logger.exception("check worker: database unavailable, trying again")
                    connections.close_all()
                self._freed.wait(POLL_SECONDS)
                self._freed.clear()
        finally:
            self.close()

    def wake(self) -> None:
        """Make ``serve`` look again now: a stop was asked for."""
        self._freed.set()

    def close(self) -> None:
        """Wait for the running attempts to end; then close this thread's connection too."""
        self._pool.shutdown(wait=True)
        connections.close_all()
