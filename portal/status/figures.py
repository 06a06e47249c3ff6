"""The portal's observations as a sentence for an article (kb.markers): how long permissions
took to start working in one environment, from the minute-cached observations."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.ksef.protocol import Environment
from portal.lib import clock
from portal.lib.environments import environment_label
from portal.status import observations

ENVIRONMENTS = frozenset(e.value for e in Environment)


def propagation(environment: str) -> SafeString | None:
    """The current propagation figure for ``environment`` (or that there is none yet) as escaped
    HTML; None for a name that is no KSeF environment."""
    if environment not in ENVIRONMENTS:
        return None
    observed = observations.observations(clock.current().now())
    windows = observations.for_environment(observed, environment)["propagation"]
    week, day = windows["7d"], windows["24h"]
    label = environment_label(environment)
    if week.median is None:
        text = _(
            "Portal nie ma jeszcze tej liczby dla środowiska %(env)s: za mało sprawdzeń z "
            "ostatnich 7 dni (%(count)s z %(min)s)."
        ) % {"env": label, "count": week.count, "min": observations.MIN_CHECKS}
    else:
        text = _(
            "Tyle trwała propagacja uprawnień w sprawdzeniach w portalu (%(env)s), od pierwszego "
            "403 missing-permissions do otwarcia sesji: w ostatnich 7 dniach %(week)s."
        ) % {"env": label, "week": week.words}
        if day.median is not None:
            text += " " + _("W ostatnich 24 godzinach: %(day)s.") % {"day": day.words}
    return format_html(
        '<span class="kb-figure">{} <a href="{}#env-{}">{}</a></span>',
        text,
        reverse("status:page"),
        environment,
        _("Stan KSeF teraz"),
    )
