"""The ministry moved its documentation from CIRFMF/ksef-docs to CIRFMF/ksef-api (api-changelog
2.6.1): every source of the starter articles points at ksef-api, and the 429 article's figures
are those of limity-api.md of 14.09.2026, which the protocol module holds too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from portal.ksef.protocol import RATE_LIMITS, ApiPath

STARTER = Path(settings.BASE_DIR) / "kb" / "starter"
ARTICLES = sorted(STARTER.glob("*.*.md"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_no_article_links_the_documentation_the_ministry_moved_away(path):
    assert "ksef-docs" not in path.read_text(encoding="utf-8")


def _rows(text: str) -> dict[str, tuple[int, int, int]]:
    """The 429 article's table: the endpoint in backticks and its three figures."""
    rows = {}
    for match in re.finditer(
        r"^\|[^|`\n]*`([^`]+)`[^|\n]*\| (\d+) \| (\d+) \| (\d+) \|$", text, re.M
    ):
        rows[match[1]] = (int(match[2]), int(match[3]), int(match[4]))
    return rows


@pytest.mark.parametrize("name", ["429-rate-limits.pl.md", "429-rate-limits.en.md"])
def test_the_429_articles_figures_are_those_of_the_limits_of_14_september_2026(name):
    rows = _rows((STARTER / name).read_text(encoding="utf-8"))

    for path in (ApiPath.ONLINE_SESSION, ApiPath.CLOSE_ONLINE_SESSION):
        limit = RATE_LIMITS[path]
        assert rows[f"POST {path}"] == (limit.per_second, limit.per_minute, limit.per_hour)
    assert rows["POST /sessions/online/{referenceNumber}/invoices"] == (10, 30, 180)
    assert rows["POST/GET /*"] == (10, 30, 120)
    # The older page's row of 60 a second for every authentication call is gone.
    assert "`/auth/...`" not in (STARTER / name).read_text(encoding="utf-8")
