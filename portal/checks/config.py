"""The session check's tunables, read from settings in one place and in the units code uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.ksef.protocol import Environment

ENVIRONMENT_LABELS = {
    Environment.TEST: _("Testowe (api-test)"),
    Environment.DEMO: _("Przedprodukcyjne (demo)"),
    Environment.PROD: _("Produkcyjne"),
}


SIMULATOR_LABEL = _("symulator")


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
    )


def uses_simulator(environment: str) -> bool:
    return "/ksef-sim/" in settings.KSEF_BASE_URLS.get(environment, "")


def environment_choices() -> list[tuple[str, str]]:
    """The environments a user may pick: a fixed list from settings, never a typed URL."""
    choices = []
    for name in settings.KSEF_ENVIRONMENTS:
        if name not in settings.KSEF_BASE_URLS:
            continue
        label = str(ENVIRONMENT_LABELS.get(Environment(name), name))
        if uses_simulator(name):
            label = f"{label} — {SIMULATOR_LABEL}"
        choices.append((name, label))
    return choices


def environment_label(environment: str) -> str:
    return dict(environment_choices()).get(environment, environment)


def base_url(environment: str) -> str:
    if environment not in settings.KSEF_ENVIRONMENTS:
        raise ValueError(f"environment {environment!r} is not enabled")
    return str(settings.KSEF_BASE_URLS[environment])
