from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kb.search"
    label = "search"
    verbose_name = "Wyszukiwanie"
