from __future__ import annotations

from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

from django.core.cache import cache
from django.test import RequestFactory

from portal.lib import ratelimit

START = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)


def test_a_limit_counts_in_fixed_windows():
    assert ratelimit.hit("test", "a", limit=1, now=START)
    assert not ratelimit.hit("test", "a", limit=1, now=START + timedelta(minutes=59, seconds=59))
    assert ratelimit.hit("test", "a", limit=1, now=START + timedelta(hours=1))


def test_scopes_and_keys_are_counted_apart():
    assert ratelimit.hit("test", "a", limit=1, now=START)
    assert ratelimit.hit("test", "b", limit=1, now=START)
    assert ratelimit.hit("other", "a", limit=1, now=START)
    assert not ratelimit.hit("test", "a", limit=1, now=START)


def test_requests_are_let_through_when_the_cache_is_down(monkeypatch, caplog):
    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "add", down)
    assert ratelimit.hit("test", "a", limit=1, now=START)
    assert ratelimit.hit("test", "a", limit=1, now=START)
    assert "test limit not checked: cache unavailable" in caplog.text


def test_the_client_key_is_a_keyed_hash_of_the_address():
    factory = RequestFactory()
    key = ratelimit.client_key(factory.get("/", REMOTE_ADDR="203.0.113.5"))

    assert key == ratelimit.client_key(factory.get("/", REMOTE_ADDR="203.0.113.5"))
    assert key != ratelimit.client_key(factory.get("/", REMOTE_ADDR="203.0.113.6"))
    assert "203.0.113.5" not in key


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return ratelimit.client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_a_forged_forwarding_header_from_an_untrusted_peer_changes_nothing(settings):
    settings.TRUSTED_PROXIES = []
    assert address("198.51.100.7", "203.0.113.5") == "198.51.100.7"


def test_behind_a_trusted_proxy_the_client_is_the_last_address_it_saw(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    assert address("10.0.0.2", "203.0.113.5") == "203.0.113.5"
    # Whatever the client wrote to the left of its own address is not believed.
    assert address("10.0.0.2", "1.2.3.4, 203.0.113.5") == "203.0.113.5"
    # Two trusted hops (a load balancer behind a CDN of ours) are walked through.
    assert address("10.0.0.2", "203.0.113.5, 10.1.1.1") == "203.0.113.5"
    # A trusted proxy that forwarded nothing (a health check) is its own client.
    assert address("10.0.0.2") == "10.0.0.2"
    assert address("10.0.0.2", "not-an-address") == "10.0.0.2"


def test_ipv6_clients_are_counted_by_their_network(settings):
    settings.RATELIMIT_IPV6_PREFIX = 64
    first = address("2001:db8:1:2::1")
    assert first == address("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::"
    assert address("2001:db8:1:3::1") != first


def test_clients_behind_one_proxy_get_keys_of_their_own(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    factory = RequestFactory()

    def key(forwarded: str) -> str:
        request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        return ratelimit.client_key(request)

    assert key("203.0.113.5") != key("203.0.113.6")
    assert key("203.0.113.5") == key("9.9.9.9, 203.0.113.5")
