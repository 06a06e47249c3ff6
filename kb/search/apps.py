from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kb.search"
    label = "search"
    verbose_name = "Wyszukiwanie"

    def ready(self) -> None:
        from kb.search import receivers  # noqa: F401  (connects the signal handlers)
