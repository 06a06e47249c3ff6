from __future__ import annotations

from datetime import timedelta

import pytest

from kb.external_links import check_external_links
from kb.models import ExternalLink, LinkStatus
from tests.factories import T0, add_revision, make_article, publish_revision
from tests.kb.conftest import ManualClock


@pytest.fixture(autouse=True)
def _quick(settings):  # type: ignore[no-untyped-def]
    # /slow answers after 0.3 s: a tenth of a second is the read time-out here.
    settings.KB_LINK_CHECK_CONNECT_SECONDS = 1
    settings.KB_LINK_CHECK_READ_SECONDS = 0.1
    settings.KB_LINK_CHECK_REQUESTS_PER_HOST = 100
    settings.SITE_URL = "https://pomoc.example.pl"


def _links() -> dict[str, ExternalLink]:
    return {link.url.rsplit("/", 1)[1]: link for link in ExternalLink.objects.all()}


@pytest.mark.django_db
def test_broken_links_are_listed_and_working_ones_are_not(link_server, network):
    pages = ["ok", "missing", "error", "no-head", "moved", "loop", "busy", "slow"]
    pages += ["head-forbidden", "head-unavailable"]
    body = "\n".join(f"- [{page}]({link_server.url('/' + page)})" for page in pages)
    # A public address where nothing answers (the fake network refuses every connection there).
    network.resolve("zamkniete.example", ["93.184.215.99"])
    refused = "http://zamkniete.example/refused"
    make_article(body=body + f"\n- [refused]({refused})")

    result = check_external_links(ManualClock(T0))

    links = _links()
    found = {page: (link.status, link.detail) for page, link in links.items()}
    assert found == {
        "ok": (LinkStatus.OK, "HTTP 200"),
        "missing": (LinkStatus.BROKEN, "HTTP 404"),
        "error": (LinkStatus.BROKEN, "HTTP 500"),
        "no-head": (LinkStatus.OK, "HTTP 200"),
        "head-forbidden": (LinkStatus.OK, "HTTP 200"),
        "head-unavailable": (LinkStatus.OK, "HTTP 200"),
        "moved": (LinkStatus.OK, "HTTP 200"),
        "loop": (LinkStatus.BROKEN, "za dużo przekierowań"),
        "busy": (LinkStatus.UNKNOWN, "HTTP 429"),
        "slow": (LinkStatus.UNKNOWN, "serwer nie odpowiedział na czas"),
        "refused": (LinkStatus.BROKEN, "nie ma takiego serwera albo odmówił połączenia"),
    }
    assert result == ("links 11: ok 5, broken 4, could not check 2, left for the next run 0")
    broken = ExternalLink.objects.filter(status=LinkStatus.BROKEN)
    assert all(link.broken_since == T0 and link.checked_at == T0 for link in broken)
    assert links["ok"].broken_since is None and links["busy"].broken_since is None


@pytest.mark.django_db
def test_any_head_error_is_asked_again_with_get_and_redirects_are_followed(link_server):
    # Many sites and CDNs answer HEAD (or what they take for a bot) with 403, 404 or 503 while
    # GET gets the page: only GET's answer calls a link broken.
    make_article(
        body=f"[a]({link_server.url('/no-head')}) [b]({link_server.url('/moved')})"
        f" [c]({link_server.url('/head-forbidden')}) [d]({link_server.url('/missing')})"
    )

    check_external_links(ManualClock(T0))

    asked = [(method, path) for method, path, _ in link_server.requests]
    # Never checked before: in the order of their addresses.
    assert asked == [
        ("HEAD", "/head-forbidden"),
        ("GET", "/head-forbidden"),
        ("HEAD", "/missing"),
        ("GET", "/missing"),
        ("HEAD", "/moved"),
        ("HEAD", "/moved-again"),
        ("HEAD", "/ok"),
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
    ]
    assert {link.url.rsplit("/", 1)[1]: link.status for link in ExternalLink.objects.all()} == {
        "head-forbidden": LinkStatus.OK,
        "missing": LinkStatus.BROKEN,
        "moved": LinkStatus.OK,
        "no-head": LinkStatus.OK,
    }


@pytest.mark.django_db
def test_too_many_requests_is_not_asked_again_at_once(link_server):
    make_article(body=f"[a]({link_server.url('/busy')})")

    check_external_links(ManualClock(T0))

    assert [(method, path) for method, path, _ in link_server.requests] == [("HEAD", "/busy")]


@pytest.mark.django_db
def test_every_request_names_the_portal_and_its_address(link_server):
    make_article(body=f"[a]({link_server.url('/ok')})")

    check_external_links(ManualClock(T0))

    [(_, _, agent)] = link_server.requests
    assert agent == "KSeF-help-portal-link-check/1.0 (+https://pomoc.example.pl)"


@pytest.mark.django_db
def test_links_of_published_texts_in_both_languages_are_collected_with_their_revisions(
    link_server,
):
    polish = make_article(
        body=(
            f"[a]({link_server.url('/ok')}#sekcja) [b]({link_server.url('/missing')})"
            " [portal](https://pomoc.example.pl/artykul/inny/) [tu](#causes)"
            " [mail](mailto:pomoc@example.pl) [ścieżka](/artykul/inny/)"
        )
    )
    english = make_article(
        "error-403", language="en", translation_of=polish, body=f"[a]({link_server.url('/ok')})"
    )
    make_article("szkic", body=f"[draft]({link_server.url('/error')})", publish=False)
    # Only the published revision counts, not a newer draft.
    add_revision(polish, body=f"[x]({link_server.url('/busy')})")

    check_external_links(ManualClock(T0))

    used = {
        link.url: sorted((r.article.slug, r.number) for r in link.revisions.all())
        for link in ExternalLink.objects.all()
    }
    assert used == {
        link_server.url("/ok"): [("blad-403", 1), ("error-403", 1)],
        link_server.url("/missing"): [("blad-403", 1)],
    }
    assert english.published_revision is not None
    # The fragment is not a second address.
    assert sorted(path for method, path, _ in link_server.requests if method == "HEAD") == [
        "/missing",
        "/ok",
    ]


@pytest.mark.django_db
def test_a_link_stays_broken_since_it_first_failed(link_server):
    make_article(body=f"[a]({link_server.url('/missing')})")
    check_external_links(ManualClock(T0))
    check_external_links(ManualClock(T0 + timedelta(days=7)))

    link = ExternalLink.objects.get()
    assert (link.status, link.broken_since, link.checked_at) == (
        LinkStatus.BROKEN,
        T0,
        T0 + timedelta(days=7),
    )


@pytest.mark.django_db
def test_a_link_that_works_again_is_no_longer_broken(link_server):
    make_article(body=f"[a]({link_server.url('/ok')})")
    ExternalLink.objects.create(
        url=link_server.url("/ok"), status=LinkStatus.BROKEN, broken_since=T0, checked_at=T0
    )

    check_external_links(ManualClock(T0 + timedelta(days=7)))

    link = ExternalLink.objects.get()
    assert (link.status, link.broken_since) == (LinkStatus.OK, None)


@pytest.mark.django_db
def test_a_link_no_published_text_contains_leaves_the_list(link_server):
    article = make_article(body=f"[a]({link_server.url('/missing')})")
    check_external_links(ManualClock(T0))

    # The writer fixes the address and an editor publishes the fix.
    fixed = add_revision(article, body=f"[a]({link_server.url('/ok')})")
    publish_revision(fixed, None, T0 + timedelta(days=2))
    check_external_links(ManualClock(T0 + timedelta(days=7)))

    assert [(link.url, link.status) for link in ExternalLink.objects.all()] == [
        (link_server.url("/ok"), LinkStatus.OK)
    ]
