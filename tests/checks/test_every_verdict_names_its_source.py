"""A verdict tells a user to delete a token or wait an hour: each names the public
documentation or report it rests on, and the page links to it. The ministry moved its
documentation from CIRFMF/ksef-docs to CIRFMF/ksef-api (api-changelog 2.6.1): links go there."""

from __future__ import annotations

import pytest
from django.utils import timezone

from portal.checks.causes import Cause
from portal.checks.models import Status
from portal.checks.verdicts import VERDICTS
from tests.checks.factories import make_check

MINISTRY = (
    "https://github.com/CIRFMF/ksef-api/",
    "https://github.com/CIRFMF/ksef-latarnia",
    "https://github.com/CIRFMF/ksef-client-csharp/",
)


def test_every_cause_rests_on_public_sources_of_the_ministry():
    for cause in Cause:
        sources = VERDICTS[cause].sources
        assert sources, cause
        assert all(source.url.startswith(MINISTRY) and source.label for source in sources), cause


def test_no_source_points_at_the_documentation_the_ministry_moved_away():
    for cause in Cause:
        for source in VERDICTS[cause].sources:
            assert "ksef-docs" not in source.url + source.label, (cause, source)


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
    assert '<a href="https://github.com/CIRFMF/ksef-api/blob/main/uwierzytelnianie.md">' in (
        source_line
    )
    assert '<a href="https://github.com/CIRFMF/ksef-api/issues/833">CIRFMF/ksef-api #833</a>' in (
        source_line
    )
