from __future__ import annotations

import pytest

from kb.external_links import check_external_links
from kb.models import ExternalLink, LinkStatus
from tests.factories import T0, make_article
from tests.kb.conftest import FakeNetwork, ManualClock


def _article_linking(*urls: str) -> None:
    make_article(body="\n".join(f"- [{n}]({url})" for n, url in enumerate(urls)))


def _unchecked() -> list[str]:
    return [link.url for link in ExternalLink.objects.filter(checked_at__isnull=True)]


@pytest.mark.django_db
def test_a_run_sends_a_host_no_more_than_its_share_and_the_rest_waits_for_the_next(
    settings, link_server, network: FakeNetwork
):
    settings.KB_LINK_CHECK_REQUESTS_PER_HOST = 2
    # Another site on the same test server.
    network.resolve("drugi.example", ["93.184.215.15"])
    network.routes.add("93.184.215.15")
    url = link_server.url
    _article_linking(url("/ok?1"), url("/ok?2"), url("/ok?3"), url("/ok", "drugi.example"))

    result = check_external_links(ManualClock(T0))

    assert result.endswith("left for the next run 1")
    assert _unchecked() == [url("/ok?3")]
    assert sorted(path for _, path, _ in link_server.requests) == ["/ok", "/ok?1", "/ok?2"]

    link_server.requests.clear()
    check_external_links(ManualClock(T0))

    # The link left over goes first, then the one checked longest ago.
    assert [path for _, path, _ in link_server.requests] == ["/ok?3", "/ok", "/ok?1"]
    assert _unchecked() == []


@pytest.mark.django_db
def test_a_get_after_head_counts_towards_the_hosts_share(settings, link_server):
    settings.KB_LINK_CHECK_REQUESTS_PER_HOST = 2
    _article_linking(link_server.url("/missing"), link_server.url("/ok"))

    check_external_links(ManualClock(T0))

    assert [(m, path) for m, path, _ in link_server.requests] == [
        ("HEAD", "/missing"),
        ("GET", "/missing"),
    ]
    assert _unchecked() == [link_server.url("/ok")]


@pytest.mark.django_db
def test_each_redirect_counts_towards_the_hosts_share(settings, link_server):
    settings.KB_LINK_CHECK_REQUESTS_PER_HOST = 2
    _article_linking(link_server.url("/moved"))

    check_external_links(ManualClock(T0))

    assert [path for _, path, _ in link_server.requests] == ["/moved", "/moved-again"]
    # Not finished, so no verdict; but asked, so it waits behind the others next run instead of
    # spending the host's share first again.
    link = ExternalLink.objects.get()
    assert (link.status, link.detail, link.checked_at) == (LinkStatus.UNKNOWN, "", T0)


@pytest.mark.django_db
def test_requests_to_one_host_are_a_second_apart(link_server):
    _article_linking(link_server.url("/ok"), link_server.url("/missing"))
    clock = ManualClock(T0)

    check_external_links(clock)

    # HEAD /missing, GET /missing (HEAD got 404), HEAD /ok.
    assert len(link_server.requests) == 3
    assert clock.sleeps == [1.0, 1.0]


@pytest.mark.django_db
def test_a_run_stops_when_its_time_is_up(settings, link_server):
    settings.KB_LINK_CHECK_BUDGET_SECONDS = 2.5
    pages = ["/ok?a", "/ok?b", "/ok?c", "/ok?d", "/ok?e"]
    _article_linking(*(link_server.url(page) for page in pages))
    clock = ManualClock(T0)

    result = check_external_links(clock)

    # Requests at 0, 1 and 2 s; the pause before the fourth ends past the budget.
    assert [path for _, path, _ in link_server.requests] == ["/ok?a", "/ok?b", "/ok?c"]
    assert result == "links 5: ok 3, broken 0, could not check 0, left for the next run 2"
    assert _unchecked() == [link_server.url("/ok?d"), link_server.url("/ok?e")]
    assert clock.elapsed == 3.0


@pytest.mark.django_db
def test_a_run_without_time_still_lists_which_articles_use_each_link(settings, link_server):
    settings.KB_LINK_CHECK_BUDGET_SECONDS = 0
    _article_linking(link_server.url("/ok"))

    check_external_links(ManualClock(T0))

    assert link_server.requests == []
    link = ExternalLink.objects.get()
    assert [r.article.slug for r in link.revisions.all()] == ["blad-403"]
