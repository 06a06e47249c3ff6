from django.apps import AppConfig


class StatusConfig(AppConfig):
    name = "portal.status"
    label = "ksefstatus"
    verbose_name = "Stan KSeF"
