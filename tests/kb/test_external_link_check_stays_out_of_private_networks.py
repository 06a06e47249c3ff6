"""Any writer can put any address in an article: the weekly check must not become a way to make
the portal's server ask its own network (loopback, cloud metadata, private addresses) and show
the answer in admin."""

from __future__ import annotations

import socket

import pytest

from kb.external_links import check_external_links
from kb.models import ExternalLink, LinkStatus
from tests.factories import T0, make_article
from tests.kb.conftest import FakeNetwork, ManualClock

NOT_CHECKED = (LinkStatus.UNKNOWN, "nie sprawdzono: adres w sieci prywatnej")


@pytest.fixture(autouse=True)
def _site(settings):  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://pomoc.example.pl"


@pytest.mark.django_db
def test_a_link_to_a_loopback_address_is_not_requested_and_not_called_broken(
    link_server, network: FakeNetwork
):
    network.resolve("localhost", ["127.0.0.1"])
    url = link_server.url
    make_article(body=f"[a]({url('/ok', '127.0.0.1')}) [b]({url('/ok', 'localhost')})")

    result = check_external_links(ManualClock(T0))

    assert link_server.requests == []
    assert [(link.status, link.detail) for link in ExternalLink.objects.all()] == [NOT_CHECKED] * 2
    assert ExternalLink.objects.filter(broken_since__isnull=False).count() == 0
    assert result == "links 2: ok 0, broken 0, could not check 2, left for the next run 0"


@pytest.mark.django_db
def test_a_redirect_into_the_cloud_metadata_address_is_not_followed(
    link_server, network: FakeNetwork
):
    make_article(body=f"[a]({link_server.url('/to-metadata', 'strona.example')})")

    check_external_links(ManualClock(T0))

    assert [(method, path) for method, path, _ in link_server.requests] == [
        ("HEAD", "/to-metadata")
    ]
    assert network.connections == ["93.184.215.14"]
    link = ExternalLink.objects.get()
    assert (link.status, link.detail) == NOT_CHECKED


@pytest.mark.django_db
def test_the_check_ignores_proxy_variables_and_netrc_credentials(
    link_server, monkeypatch, tmp_path
):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login portal password sekret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    # A proxy nobody listens on: a check that used it could not reach the page.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    make_article(body=f"[a]({link_server.url('/ok')})")

    check_external_links(ManualClock(T0))

    link = ExternalLink.objects.get()
    assert (link.status, link.detail) == (LinkStatus.OK, "HTTP 200")
    [headers] = link_server.headers
    assert headers.get("Authorization") is None
