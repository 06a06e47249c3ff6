"""What of a reader's free text is kept: search queries that found nothing and "did this help?"
comments are read by writers, and a reader may paste a whole error dialog into either, with a
KSeF token, a NIP or a reference number, which unlock KSeF or identify them."""

from __future__ import annotations

import re

REDACTED = "…"
_SECRETS = [
    # Anything that looks like a KSeF token ("<reference>|nip-<NIP>|<hex>") or a part of one.
    re.compile(r"\S*\|\S*"),
    re.compile(r"\S*nip-\d{10}\S*", re.IGNORECASE),
    # A token's secret part, even stuck to a word ("token2be5..."): 32 hex digits anywhere.
    re.compile(r"\S*[0-9a-fA-F]{32,}\S*"),
    re.compile(r"\b[0-9a-fA-F]{16,}\b"),
    re.compile(r"\S+@\S+"),
    # NIP, PESEL, KSeF reference numbers: a word with six or more digits in a row (maybe split
    # by dashes), and a NIP written in groups. KSeF exception codes have five digits and stay.
    re.compile(r"\S*\d(?:-?\d){5,}\S*"),
    re.compile(r"\b\d{3}[ -]\d{3}[ -]\d{2}[ -]\d{2}\b"),
]


def redact(text: str) -> str:
    """``text`` with each token, NIP, PESEL, reference number and e-mail address replaced by
    REDACTED, the rest as written; redacting twice changes nothing more."""
    for pattern in _SECRETS:
        text = pattern.sub(REDACTED, text)
    return text
