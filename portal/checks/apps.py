from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "portal.checks"
    label = "checks"
    verbose_name = "Sprawdzanie sesji"
