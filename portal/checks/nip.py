"""Polish tax identification numbers (NIP): normalisation and the checksum."""

from __future__ import annotations

import re

WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
# People type NIPs with dashes or spaces ("123-456-32-18") and sometimes the "PL" prefix.
_SEPARATORS = re.compile(r"[\s-]")


def normalize_nip(raw: str) -> str:
    value = _SEPARATORS.sub("", raw.strip()).upper()
    return value.removeprefix("PL")


def nip_checksum_ok(nip: str) -> bool:
    """True for ten digits whose weighted sum mod 11 equals the last digit (10 never does)."""
    if len(nip) != 10 or not nip.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(nip, WEIGHTS, strict=False))
    return total % 11 == int(nip[9])
