"""The insights page: for writers and editors, linked from the admin's index, with its charts
drawn as SVG and their numbers in a table beside them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from kb import readership
from kb.errorlinks.models import ErrorLinkMiss
from portal.checks.causes import Cause
from portal.checks.models import Status
from portal.lib import clock
from tests.checks.factories import FixedClock, make_check
from tests.factories import make_feedback

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # a Wednesday, 09:00 in Warsaw
URL = "/admin/insights/"


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    clock.use(FixedClock(NOW))
    yield
    clock.use(clock.SystemClock())


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_writers_and_editors_open_it_from_the_admin_index(client, request, role):
    client.force_login(request.getfixturevalue(role))

    index = client.get("/admin/").content.decode()
    page = client.get(URL)

    assert f'href="{URL}"' in index
    assert page.status_code == 200
    assert "Statystyki dla autorów" in page.content.decode()


def test_anonymous_and_non_staff_are_sent_to_log_in(client, db):
    assert client.get(URL)["Location"].startswith("/admin/login/")
    client.force_login(User.objects.create(username="czytelnik"))
    assert client.get(URL)["Location"].startswith("/admin/login/")


def test_staff_without_the_permission_are_refused(client, db):
    client.force_login(User.objects.create(username="kadry", is_staff=True))

    assert client.get(URL).status_code == 403
    assert f'href="{URL}"' not in client.get("/admin/").content.decode()


def _hidden_table(body: str, chart_id: str) -> list[tuple[str, ...]]:
    figure = body.split(f'id="{chart_id}"', 1)[1].split("</figure>", 1)[0]
    table = figure.split('<table class="visually-hidden">', 1)[1]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
    return [(label, *re.findall(r"<td>(.*?)</td>", cells)) for label, cells in rows]


def test_charts_are_svg_with_their_numbers_in_a_table(client, editor, make_article):
    article = make_article("blad-21405", title="Błąd 21405")
    for _ in range(3):
        readership.count_view(article, NOW)
    readership.count_view(article, NOW - timedelta(weeks=2))
    make_feedback(article, True, NOW)
    make_feedback(article, False, NOW)
    make_feedback(article, True, NOW - timedelta(weeks=1))
    make_check(NOW, status=Status.DONE, cause=Cause.PROPAGATION, finished_at=NOW)
    make_check(NOW, status=Status.DONE, cause=Cause.SCOPE, finished_at=NOW)
    miss = ErrorLinkMiss.objects.create(
        status="400", code="21405", count=3, first_seen=NOW, last_seen=NOW
    )
    client.force_login(editor)

    body = client.get(URL).content.decode()

    assert body.count('<svg class="chart-svg"') == 5  # views, helpful, verdicts, 2 for the top
    views = _hidden_table(body, "insights-views")
    assert len(views) == 8
    assert views[-3:] == [
        ("tydzień od 9 listopada 2026", "1"),
        ("tydzień od 16 listopada 2026", "0"),
        ("tydzień od 23 listopada 2026", "3"),
    ]
    helpful = [cells for _, *cells in _hidden_table(body, "insights-helpful")]
    assert helpful == [["1", "0"], ["1", "1"]]  # weeks without opinions have no data
    assert "<td>50%</td>" in body.split('id="insights-helpful-weeks"', 1)[1]
    verdicts = [cells for _, *cells in _hidden_table(body, "insights-verdicts")]
    assert verdicts == [["1", "1"]]
    assert f'id="insights-article-{article.pk}-views"' in body
    assert f'href="{miss.add_rule_url()}"'.replace("&", "&amp;") in body
