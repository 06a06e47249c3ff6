"""The link check decides on the address it then connects to: the host requests connects to (not
what another URL parser reads in the same string), every address of one lookup, and a
connection pinned to a vetted address, after a redirect too. No real network: names resolve as
each test says, and only loopback connections are made (tests.kb.conftest.FakeNetwork)."""

from __future__ import annotations

import ssl
from urllib.parse import quote

import pytest
import requests
import trustme

from kb.external_links import check_external_links, link_check_session
from kb.models import ExternalLink, LinkStatus
from tests.factories import T0, make_article
from tests.kb.conftest import FakeNetwork, LinkServer, ManualClock, serving

NOT_CHECKED = (LinkStatus.UNKNOWN, "nie sprawdzono: adres w sieci prywatnej")
# Stands for a public site in these tests (the network routes it to the test server).
PUBLIC = "93.184.215.14"


@pytest.fixture(autouse=True)
def _refusing(settings):  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://pomoc.example.pl"


def _outcome() -> tuple[str, str]:
    link = ExternalLink.objects.get()
    return (link.status, link.detail)


@pytest.mark.django_db
def test_a_backslash_before_the_at_sign_does_not_hide_a_loopback_address(
    link_server: LinkServer, network: FakeNetwork, settings
):
    # urllib.parse reads the host as example.com; requests connects to 127.0.0.1.
    network.resolve("example.com", [PUBLIC])
    make_article(body=f"[a](http://127.0.0.1:{link_server.port}\\@example.com/ok)")

    check_external_links(ManualClock(T0))

    assert link_server.requests == []
    assert network.connections == []
    assert _outcome() == NOT_CHECKED


@pytest.mark.django_db
def test_the_backslash_form_on_the_default_port_connects_nowhere(network: FakeNetwork):
    network.resolve("example.com", [PUBLIC])
    make_article(body="[a](http://127.0.0.1\\@example.com/)")

    check_external_links(ManualClock(T0))

    assert network.connections == []
    assert _outcome() == NOT_CHECKED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.1:{port}\\@example.com/ok", "http://127.0.0.1:{port}/ok"],
    ids=["backslash", "plain"],
)
def test_a_redirect_to_a_private_address_is_not_followed(
    link_server: LinkServer, network: FakeNetwork, settings, target: str
):
    network.resolve("strona.example", [PUBLIC])
    network.resolve("example.com", [PUBLIC])
    network.routes.add(PUBLIC)
    to = quote(target.format(port=link_server.port), safe="")
    make_article(body=f"[a]({link_server.url('/redirect?to=' + to, 'strona.example')})")

    check_external_links(ManualClock(T0))

    assert [path for _, path, _ in link_server.requests] == [f"/redirect?to={to}"]
    assert network.connections == [PUBLIC]
    assert _outcome() == NOT_CHECKED


@pytest.mark.django_db
def test_a_name_that_turns_private_on_a_second_lookup_is_looked_up_once_and_asked_there(
    link_server: LinkServer, network: FakeNetwork, settings
):
    network.resolve("rebind.example", [PUBLIC], ["127.0.0.1"])
    network.routes.add(PUBLIC)
    make_article(body=f"[a]({link_server.url('/ok', 'rebind.example')})")

    check_external_links(ManualClock(T0))

    assert network.lookups == ["rebind.example"]
    assert network.connections == [PUBLIC]
    # The site is asked under its own name, not the address.
    [headers] = link_server.headers
    assert headers["Host"] == f"rebind.example:{link_server.port}"
    assert _outcome() == (LinkStatus.OK, "HTTP 200")


REFUSED = {
    "loopback": "127.0.0.2",
    "loopback-v6": "::1",
    "private-10": "10.1.2.3",
    "private-172": "172.16.5.4",
    "private-192": "192.168.1.1",
    "shared-cgnat": "100.64.0.1",
    "link-local": "169.254.169.254",
    "link-local-v6": "fe80::1",
    "unique-local": "fd12:3456::1",
    "site-local": "fec0::1",
    "multicast": "224.0.0.251",
    "multicast-v6": "ff0e::1",
    "unspecified": "0.0.0.0",  # noqa: S104 (an address refused, not one bound)
    "unspecified-v6": "::",
    "reserved": "240.0.0.1",
    "reserved-v6": "4000::1",
    "documentation": "192.0.2.10",
    "nat64": "64:ff9b::a00:1",
    "nat64-public-inside": "64:ff9b::808:808",
    "nat64-local": "64:ff9b:1::a00:1",
    "6to4": "2002:a00:1::1",
    "6to4-relay": "192.88.99.1",
    "ipv4-mapped": "::ffff:127.0.0.1",
    "ipv4-mapped-public": "::ffff:8.8.8.8",
    "ipv4-compatible": "::a00:1",
}


@pytest.mark.django_db
@pytest.mark.parametrize("address", REFUSED.values(), ids=REFUSED.keys())
def test_a_name_resolving_into_a_refused_range_is_never_connected_to(
    network: FakeNetwork, address: str
):
    network.resolve("wewnatrz.example", [address])
    make_article(body="[a](https://wewnatrz.example/strona)")

    check_external_links(ManualClock(T0))

    assert network.connections == []
    assert _outcome() == NOT_CHECKED


@pytest.mark.django_db
def test_one_private_address_among_public_ones_refuses_the_name(network: FakeNetwork):
    network.resolve("mieszany.example", [PUBLIC, "10.0.0.1"])
    make_article(body="[a](https://mieszany.example/strona)")

    check_external_links(ManualClock(T0))

    assert network.connections == []
    assert _outcome() == NOT_CHECKED


@pytest.mark.django_db
def test_a_name_that_does_not_resolve_is_broken(network: FakeNetwork):
    make_article(body="[a](https://nie-ma-takiego.example.pl/strona)")

    check_external_links(ManualClock(T0))

    assert network.connections == []
    assert _outcome() == (LinkStatus.BROKEN, "nie ma takiego serwera albo odmówił połączenia")


@pytest.mark.parametrize(
    ("certified", "works"), [("strona.example", True), ("inna.example", False)]
)
def test_https_at_the_pinned_address_checks_the_certificate_against_the_name(
    network: FakeNetwork, certified: str, works: bool
):
    network.resolve("strona.example", [PUBLIC])
    network.routes.add(PUBLIC)
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(certified).configure_cert(context)
    asked: list[str | None] = []
    context.sni_callback = lambda _socket, name, _context: asked.append(name)
    with serving(tls=context) as site, ca.cert_pem.tempfile() as ca_file:
        url = f"https://strona.example:{site.port}/ok"
        with link_check_session() as session:
            session.verify = ca_file
            if works:
                assert session.head(url).status_code == 200
            else:
                with pytest.raises(requests.exceptions.SSLError):
                    session.head(url)
    assert asked == ["strona.example"]
    assert network.connections == [PUBLIC]
