from django.apps import AppConfig


class ErrorLinksConfig(AppConfig):
    name = "kb.errorlinks"
    label = "errorlinks"
    verbose_name = "Linki z okien błędów"
