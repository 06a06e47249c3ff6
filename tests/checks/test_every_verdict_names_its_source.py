"""A verdict tells a user to delete a token or wait an hour: each names the public
documentation or report it rests on, and the page links to it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from portal.checks.models import Status
from portal.checks.verdicts import VERDICTS, Cause
from tests.checks.factories import make_check

PUBLIC = ("https://github.com/CIRFMF/ksef-docs/blob/main/", "https://github.com/CIRFMF/ksef-")


def test_every_cause_rests_on_public_sources():
    for cause in Cause:
        sources = VERDICTS[cause].sources
        assert sources, cause
        assert all(source.url.startswith(PUBLIC) and source.label for source in sources), cause


@pytest.mark.django_db
def test_the_verdict_ends_with_its_sources_linked(client):
    check = make_check(
        timezone.now(),
        status=Status.DONE,
        cause=Cause.NO_PERMISSIONS_AT_ALL,
        tone="bad",
        facts={"nip": "1234563218", "present_permissions": []},
    )

    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    source_line = page[page.index("Źródło:") :]
    assert source_line.index("Źródło:") < source_line.index("</section>")
    assert '<a href="https://github.com/CIRFMF/ksef-docs/blob/main/uwierzytelnianie.md">' in (
        source_line
    )
    assert '<a href="https://github.com/CIRFMF/ksef-api/issues/833">CIRFMF/ksef-api #833</a>' in (
        source_line
    )
