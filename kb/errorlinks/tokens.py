"""Recognising secrets that must never travel in a link.

A KSeF token is the key to a company's invoices. Applications sometimes put everything they have
into a help link; we recognise a token by the parameter's name or by the shape of its value and
drop it before the request goes further (see ``kb.errorlinks.middleware``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Parameter names that only ever carry credentials, compared without case, "-" or "_".
SECRET_NAMES = frozenset(
    {
        "token",
        "kseftoken",
        "accesstoken",
        "authenticationtoken",
        "authtoken",
        "refreshtoken",
        "bearer",
        "authorization",
        "apikey",
        "password",
        "secret",
    }
)

_SECRET_VALUE = re.compile(
    r"""
      \|\s*nip-\d{10}\s*\|              # KSeF token: <reference>|nip-<NIP>|<64 hex>
    | (?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])   # its secret part alone
    | eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.      # a JWT (access, refresh or authentication token)
    | \bbearer\s+\S{16,}                # an Authorization header pasted whole
    """,
    re.IGNORECASE | re.VERBOSE,
)

# The notice parameter the redirect adds, so the page can say why the link changed.
REMOVED_FLAG = "token_removed"


def is_secret_name(name: str) -> bool:
    return name.lower().replace("-", "").replace("_", "") in SECRET_NAMES


def looks_like_secret(value: str) -> bool:
    return bool(_SECRET_VALUE.search(value))


def without_secrets(pairs: Iterable[tuple[str, str]]) -> tuple[list[tuple[str, str]], bool]:
    """The pairs that carry no secret, and whether any pair was dropped."""
    kept: list[tuple[str, str]] = []
    dropped = False
    for name, value in pairs:
        if is_secret_name(name) or looks_like_secret(name) or looks_like_secret(value):
            dropped = True
        else:
            kept.append((name, value))
    return kept, dropped
