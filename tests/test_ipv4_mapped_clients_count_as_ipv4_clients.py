"""A server bound to [::] accepts IPv4 connections on its IPv6 socket and reports each peer as an
IPv4-mapped address (::ffff:a.b.c.d). Such an address is its IPv4 client, before anything else
looks at it: the trusted-proxy match, the /64 of IPv6 clients, django-axes."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory

from portal.lib import ratelimit


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return ratelimit.client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_a_mapped_peer_is_its_ipv4_address(settings):
    settings.RATELIMIT_IPV6_PREFIX = 64
    assert address("::ffff:203.0.113.5") == "203.0.113.5"
    assert address("::ffff:203.0.113.6") == "203.0.113.6"


def test_mapped_peers_get_keys_of_their_own():
    factory = RequestFactory()
    keys = {
        ratelimit.client_key(factory.get("/", REMOTE_ADDR=f"::ffff:127.0.0.{n}"))
        for n in range(2, 14)
    }
    assert len(keys) == 12
    assert ratelimit.client_key(factory.get("/", REMOTE_ADDR="::ffff:198.51.100.7")) == (
        ratelimit.client_key(factory.get("/", REMOTE_ADDR="198.51.100.7"))
    )


def test_a_mapped_peer_inside_the_trusted_network_is_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    assert address("::ffff:10.0.0.2", "203.0.113.5") == "203.0.113.5"
    assert address("::ffff:10.0.0.2", "203.0.113.5, ::ffff:10.1.1.1") == "203.0.113.5"
    # Untrusted, whatever its spelling: the header is not believed.
    assert address("::ffff:198.51.100.7", "203.0.113.5") == "198.51.100.7"


def test_a_mapped_forwarded_client_is_its_ipv4_address(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    assert address("10.0.0.2", "::ffff:203.0.113.5") == "203.0.113.5"
    assert address("10.0.0.2", "::ffff:203.0.113.6") == "203.0.113.6"


def test_true_ipv6_clients_still_count_by_their_network(settings):
    settings.RATELIMIT_IPV6_PREFIX = 64
    assert address("2001:db8:1:2::1") == address("2001:db8:1:2::ffff:1") == "2001:db8:1:2::"


@pytest.mark.django_db
def test_wrong_passwords_from_one_mapped_peer_do_not_lock_out_another(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("redaktor", password="poprawne-haslo-123", is_staff=True)
    login = f"/{settings.ADMIN_URL}login/"
    for _ in range(4):
        client.post(
            login, {"username": "redaktor", "password": "zle"}, REMOTE_ADDR="::ffff:198.51.100.9"
        )

    response = client.post(
        login,
        {"username": "redaktor", "password": "poprawne-haslo-123"},
        REMOTE_ADDR="::ffff:203.0.113.20",
    )

    assert response.status_code == 302
