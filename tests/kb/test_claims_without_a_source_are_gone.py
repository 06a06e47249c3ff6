"""Claims the sources do not make are gone from the verdicts and the starter articles: how soon
a new token activates, that a Failed token answers "Token nieaktywny", that the taxpayer app's
list shows statusDetails, and that a token's status cannot be read through the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from portal.checks.causes import Cause
from portal.checks.token_verdicts import TOKEN_STATE_HINTS
from portal.checks.verdicts import VERDICTS

STARTER = Path(settings.BASE_DIR) / "kb" / "starter"
UNSOURCED = (
    "aktywuje się zwykle w kilka minut",
    "zwykle aktywuje się w kilka minut",
    "usually active within minutes",
    "status Failed ma przy sobie szczegóły",
    "nie odczytasz przez API",
    "cannot be read through the API",
    'authentication still ends with status `450` "Token inactive"',
    "uwierzytelnienie wciąż kończy się statusem `450` „Token nieaktywny”",
    "(status `Pending`) albo aktywacja się nie powiodła (status `Failed`)",
    "(status `Pending`) or its activation failed (status `Failed`)",
)


def _verdict_texts() -> str:
    texts = [str(hint) for hint in TOKEN_STATE_HINTS.values()]
    for verdict in VERDICTS.values():
        texts += [str(verdict.title), str(verdict.explanation)]
        texts += [str(step) for step in verdict.next_steps]
    return "\n".join(texts)


@pytest.mark.parametrize("claim", UNSOURCED)
def test_no_verdict_makes_the_claim(claim):
    assert claim not in _verdict_texts()


@pytest.mark.parametrize("path", sorted(STARTER.glob("*.*.md")), ids=lambda path: path.name)
def test_no_starter_article_makes_an_unsourced_claim(path):
    text = path.read_text(encoding="utf-8")
    for claim in UNSOURCED:
        assert claim not in text, claim


def test_the_failed_token_verdict_says_what_is_not_documented():
    verdict = VERDICTS[Cause.TOKEN_FAILED]

    assert "Ministerstwo nie podaje, jak długo trwa aktywacja" in str(verdict.explanation)
    assert "GET /tokens" in " ".join(str(step) for step in verdict.next_steps)
