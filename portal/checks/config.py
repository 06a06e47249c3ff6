"""The session check's tunables, read from settings in one place and in the units code uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class CheckConfig:
    retry_window: timedelta
    retry_interval: timedelta
    poll_delay_seconds: int
    retention: timedelta
    session_calls_per_minute: int
    starts_per_address_per_hour: int
    starts_per_nip_per_hour: int
    lease: timedelta
    transient_retries: int
    auth_max_wait_seconds: float
    http_timeout_seconds: float
    worker_threads: int


def get_config() -> CheckConfig:
    # Read on every call: cheap, and a test's override_settings takes effect at once.
    return CheckConfig(
        retry_window=timedelta(seconds=settings.CHECK_RETRY_WINDOW_SECONDS),
        retry_interval=timedelta(seconds=settings.CHECK_RETRY_INTERVAL_SECONDS),
        poll_delay_seconds=settings.CHECK_POLL_DELAY_SECONDS,
        retention=timedelta(days=settings.CHECK_RETENTION_DAYS),
        session_calls_per_minute=settings.CHECK_SESSION_CALLS_PER_MINUTE,
        starts_per_address_per_hour=settings.CHECK_STARTS_PER_ADDRESS_PER_HOUR,
        starts_per_nip_per_hour=settings.CHECK_STARTS_PER_NIP_PER_HOUR,
        lease=timedelta(seconds=settings.CHECK_LEASE_SECONDS),
        transient_retries=settings.CHECK_TRANSIENT_RETRIES,
        auth_max_wait_seconds=float(settings.CHECK_AUTH_MAX_WAIT_SECONDS),
        http_timeout_seconds=float(settings.KSEF_HTTP_TIMEOUT_SECONDS),
        worker_threads=settings.CHECK_WORKER_THREADS,
    )
