from django.apps import AppConfig


class ErrorLinksConfig(AppConfig):
    name = "kb.errorlinks"
    label = "errorlinks"
    verbose_name = "Linki z okien błędów"

    def ready(self) -> None:
        # The site's one sitemap lists the catalogue's code pages, and search asks the rules
        # which section answers an error in a query: registered from here, so neither the
        # knowledge base nor its search imports error links.
        from kb import sitemaps
        from kb.errorlinks import pasted
        from kb.errorlinks.sitemaps import CodeSitemap
        from kb.search import query

        sitemaps.SITEMAPS["codes"] = CodeSitemap
        # Search puts the section the rules choose for an error in the query first.
        query.read_errors_with(pasted.read)
