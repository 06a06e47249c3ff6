from django.apps import AppConfig


class StatusConfig(AppConfig):
    name = "portal.status"
    verbose_name = "Stan KSeF"
