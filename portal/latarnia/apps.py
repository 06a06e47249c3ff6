from django.apps import AppConfig


class LatarniaConfig(AppConfig):
    name = "portal.latarnia"
    # The label its tables and migrations were made under, when the status page held them.
    label = "ksefstatus"
    verbose_name = "Latarnia"
