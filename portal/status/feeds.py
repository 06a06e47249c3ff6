"""An Atom feed of Latarnia's failures and maintenance from the messages the poll kept, so an
entry outlives Latarnia's short list: every enabled environment, or one with ``?env=demo``."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.latarnia.models import LatarniaMessage
from portal.lib.environments import environment_label

FEED_LENGTH = 50


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


class LatarniaFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> str | None:
        """The environment of ``?env=``, or None for all; an environment not enabled is 404."""
        environment = request.GET.get("env")
        if environment is None:
            return None
        if environment not in settings.KSEF_ENVIRONMENTS:
            raise Http404
        return environment

    def title(self, environment: str | None) -> str:
        if environment is None:
            return _("Stan KSeF: awarie i prace serwisowe (Latarnia)")
        return _("Stan KSeF (%(env)s): awarie i prace serwisowe (Latarnia)") % {
            "env": environment_label(environment)
        }

    def subtitle(self, environment: str | None) -> str:
        return _(
            "Komunikaty Latarni Ministerstwa Finansów o awariach i pracach serwisowych KSeF, "
            "zebrane przez Portal pomocy KSeF."
        )

    def link(self, environment: str | None) -> str:
        page = reverse("status:page")
        return f"{page}#env-{environment}" if environment else page

    def items(self, environment: str | None) -> QuerySet[LatarniaMessage]:
        messages = LatarniaMessage.objects.filter(environment__in=settings.KSEF_ENVIRONMENTS)
        if environment is not None:
            messages = messages.filter(environment=environment)
        return messages.order_by("-published", "-id")[:FEED_LENGTH]

    def item_title(self, item: LatarniaMessage) -> str:
        return f"[{environment_label(item.environment)}] {item.title}"

    def item_description(self, item: LatarniaMessage) -> SafeString:
        # Atom sends the description as type="html": Latarnia's words go out escaped, so a feed
        # reader shows them as text and never runs markup from them.
        if item.end is None:
            period = _("Od %(start)s.") % {"start": _when(item.start)}
        else:
            period = _("Od %(start)s do %(end)s.") % {
                "start": _when(item.start),
                "end": _when(item.end),
            }
        return format_html("<p>{}</p><p>{}</p>", item.text, period)

    def item_link(self, item: LatarniaMessage) -> str:
        return f"{reverse('status:page')}#env-{item.environment}"

    def item_guid(self, item: LatarniaMessage) -> str:
        # Latarnia's own id, per environment: a new version of a message updates its entry.
        return f"urn:ksef-latarnia:{item.environment}:{quote(item.message_id, safe='')}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: LatarniaMessage) -> datetime:
        return item.published

    def item_updateddate(self, item: LatarniaMessage) -> datetime:
        return item.published

    def item_categories(self, item: LatarniaMessage) -> list[str]:
        return [item.category]
