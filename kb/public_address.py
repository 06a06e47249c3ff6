"""Which addresses the link check may connect to, and a requests transport that connects to the
very address it vetted (docs/operators.md, security).

The host is the one urllib3 parsed from the prepared URL, as requests connects by it, and one
lookup decides, so a name server that answers differently the second time has no second time.
Not requests-hardened's IPFilterAdapter, our model: it vets only the first address of a lookup
and leaves the ranges to ``is_private``, whose meaning changed between Python patch releases.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.connection import allowed_gai_family

if TYPE_CHECKING:
    from requests.adapters import _HostParams, _PoolKwargs

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Addresses carrying an IPv4 one for a translator or relay, which may sit in the server's own
# network: NAT64 (RFC 6052, RFC 8215), 6to4 (RFC 3056) and its relays' anycast, IPv4-mapped.
_CARRYING_IPV4 = tuple(
    ipaddress.ip_network(network)
    for network in (
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "2002::/16",
        "192.88.99.0/24",
        "::ffff:0:0/96",
    )
)


class PrivateAddress(requests.RequestException):
    """The host resolves to an address the link check does not connect to."""


def is_public(address: Address) -> bool:
    """Whether a connection to ``address`` leaves for the public internet and nowhere else:
    not loopback, private, shared (CGNAT), link-local, unique- or site-local, multicast,
    unspecified, reserved or documentation space, nor an address carrying an IPv4 one."""
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return False
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not any(address in network for network in _CARRYING_IPV4)
    )


def vetted_address(host: str) -> str:
    """The first address of one lookup of ``host``, if every address it gave is public (the next
    lookup could order them otherwise); else PrivateAddress, or ConnectionError if none."""
    try:
        found = socket.getaddrinfo(host, None, allowed_gai_family(), socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise requests.ConnectionError(f"{host}: {error}") from error
    try:
        addresses = [ipaddress.ip_address(str(info[4][0])) for info in found]
    except ValueError as error:  # not an IP address: nothing to vet, so nothing to connect to
        raise PrivateAddress(host) from error
    if not addresses or not all(map(is_public, addresses)):
        raise PrivateAddress(host)
    return str(addresses[0])


class PinnedAdapter(HTTPAdapter):
    """Connects to the address ``vetted_address`` chose for the request's host; every request,
    each redirect being a request of its own, goes through it."""

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: bool | str, cert: Any = None
    ) -> tuple[_HostParams, _PoolKwargs]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        name = host_params["host"]
        if not name:
            raise requests.exceptions.InvalidURL(f"no host in {request.url}")
        host_header = f"[{name}]" if ":" in name else name
        if host_params["port"] is not None:
            host_header += f":{host_params['port']}"
        request.headers["Host"] = host_header
        if host_params["scheme"] == "https":
            # The certificate is for the name, not the address; SNI names the site we want.
            # Both are urllib3's HTTPSConnectionPool arguments that requests' stubs do not list.
            pool_kwargs["server_hostname"] = name  # type: ignore[typeddict-unknown-key]
            pool_kwargs["assert_hostname"] = name  # type: ignore[typeddict-unknown-key]
        host_params["host"] = vetted_address(name)
        return host_params, pool_kwargs
