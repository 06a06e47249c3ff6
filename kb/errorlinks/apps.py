from django.apps import AppConfig


class ErrorLinksConfig(AppConfig):
    name = "kb.errorlinks"
    label = "errorlinks"
    verbose_name = "Linki z okien błędów"

    def ready(self) -> None:
        # The site's one sitemap lists the catalogue's code pages too; registering them from
        # here keeps the knowledge base from importing error links.
        from kb import sitemaps
        from kb.errorlinks.sitemaps import CodeSitemap

        sitemaps.SITEMAPS["codes"] = CodeSitemap
