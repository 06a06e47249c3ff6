from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "portal.simulator"
    label = "ksefsim"
    verbose_name = "Symulator KSeF"
