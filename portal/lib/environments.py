"""The KSeF environments the portal offers, as settings enable them, and their names for people."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.ksef.protocol import Environment

ENVIRONMENT_LABELS = {
    Environment.TEST: _("Testowe (api-test)"),
    Environment.DEMO: _("Przedprodukcyjne (demo)"),
    Environment.PROD: _("Produkcyjne"),
}


SIMULATOR_LABEL = _("symulator")


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
