"""How often one client may do something, counted in Django's cache in fixed windows under a
keyed hash of the address. Without the cache a request is let through: a short time without a
limit is better than refusing every reader and every check.
"""

from __future__ import annotations

import logging
from datetime import datetime
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger("portal.ratelimit")


def _address(value: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(value.strip())
    except ValueError:
        return None
    # A server bound to [::] hears IPv4 clients as ::ffff:a.b.c.d: left mapped, all of them would
    # share the /64 "::" and match no IPv4 proxy network.
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPv4Address | IPv6Address | None) -> bool:
    return address is not None and any(address in net for net in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    """The client, as every per-client limit and django-axes count it (docs/operators.md): the
    first address from the right of X-Forwarded-For that is not a trusted proxy (anyone may put
    anything left of it); an IPv6 client by its network, as a subscriber gets a /64 to rotate in.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    client = peer
    if _trusted(peer):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            client = _address(hop)
            if not _trusted(client):
                break
        client = client or peer
    if client is None:
        return ""
    if client.version == 6:
        prefix = settings.RATELIMIT_IPV6_PREFIX
        return str(ip_network(f"{client}/{prefix}", strict=False).network_address)
    return str(client)


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address: enough to count, useless to find the person."""
    # The salt is the module's old name: keys stored on checks were made with it.
    return salted_hmac("portal.ratelimit", client_address(request)).hexdigest()[:32]


def hit(scope: str, key: str, *, limit: int, now: datetime) -> bool:
    """Count one hit of ``key`` in ``scope``; False once the hour's ``limit`` is passed."""
    seconds = 3600
    cache_key = f"ratelimit:{scope}:{key}:{int(now.timestamp()) // seconds}"
    try:
        # The key outlives its window, so incr finds it unless the cache lost it meanwhile.
        cache.add(cache_key, 0, timeout=seconds)
        count = cache.incr(cache_key)
    except Exception:
        logger.warning("%s limit not checked: cache unavailable", scope, exc_info=True)
        return True
    return int(count) <= limit
