from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "kb"
    label = "kb"
    verbose_name = "Baza wiedzy"

    def ready(self) -> None:
        from kb.page_cache import connect_signals

        connect_signals()
