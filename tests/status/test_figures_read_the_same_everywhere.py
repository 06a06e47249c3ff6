"""One wording for a figure of the portal's checks, on /stan-ksef/ and in an article's marker:
seconds for short durations, minutes for long ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from portal.status import figures
from portal.status.observations import Figure, duration
from tests.checks.factories import make_propagated_check
from tests.status.conftest import START


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.44, "0,4 s"),
        (9.94, "9,9 s"),
        (9.96, "10 s"),
        (42.4, "42 s"),
        (119.4, "119 s"),
        (119.6, "2 min"),
        (120, "2 min"),
        (720, "12 min"),
    ],
)
def test_durations_use_seconds_when_short_and_minutes_when_long(seconds, words):
    with translation.override("pl"):
        assert duration(seconds) == words


def test_a_figure_under_five_checks_has_no_words():
    assert Figure(4, None, None).words == ""


@pytest.mark.django_db
def test_the_status_page_and_the_article_marker_say_the_same(client, settings):
    settings.KSEF_ENVIRONMENTS = ["test"]
    for minutes in (2, 4, 12, 12, 30):
        make_propagated_check(START - timedelta(hours=1), minutes)
    words = "mediana 12 min, 90% sprawdzeń w 30 min (5 sprawdzeń)"

    with translation.override("pl"):
        marker = str(figures.propagation("test"))
    page = client.get("/stan-ksef/").content.decode()

    assert f"w ostatnich 7 dniach {words}" in marker
    assert page.count(words) == 2  # the last 24 hours and the last 7 days
