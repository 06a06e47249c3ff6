from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from kb.models import Publication

FEED_LENGTH = 50


class PublicationsFeed(Feed):
    """Every publication (publish or roll back), newest first: what changed for readers."""

    feed_type = Atom1Feed
    title = _("Portal pomocy KSeF: zmiany w artykułach")
    subtitle = _("Nowe i zmienione wersje artykułów bazy wiedzy.")

    link = reverse_lazy("kb:home")

    def items(self) -> QuerySet[Publication]:
        return Publication.objects.select_related("revision__article").order_by(
            "-published_at", "-id"
        )[:FEED_LENGTH]

    def item_title(self, item: Publication) -> str:
        return _("%(title)s (wersja %(number)s)") % {
            "title": item.revision.title,
            "number": item.revision.number,
        }

    def item_description(self, item: Publication) -> str:
        # Atom sends the description as type="html": feed readers would run a writer's markup,
        # so the plain text goes out escaped.
        return escape(f"{item.revision.change_note}. {item.revision.summary}")

    def item_link(self, item: Publication) -> str:
        return item.revision.get_absolute_url()

    def item_pubdate(self, item: Publication):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_updateddate(self, item: Publication):  # type: ignore[no-untyped-def]
        return item.published_at
