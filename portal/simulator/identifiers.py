"""Reference numbers and bearer tokens shaped like KSeF's."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime


def reference_number(kind: str, at: datetime) -> str:
    """``20251125-SO-2F1A3B4C5D-6E7F8A9B0C-1D``: 36 characters, like every KSeF reference."""
    return (
        f"{at:%Y%m%d}-{kind}-{secrets.token_hex(5).upper()}-"
        f"{secrets.token_hex(5).upper()}-{secrets.token_hex(1).upper()}"
    )


def bearer_token() -> str:
    return secrets.token_urlsafe(48)


def grant_id() -> str:
    """``PermissionId``: 36 characters."""
    return str(uuid.uuid4())
