from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.test import RequestFactory

from portal import ratelimit

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
