from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

RECORDS = [
    "kb_revision",
    "kb_feedback",
    "kb_slugredirect",
    "kb_scheduledpublication",
    "kb_externallink",
    "search_searchmiss",
    "errorlinks_errorrulechange",
    "errorlinks_errorlinkmiss",
    "checks_sessioncheck",
]


@pytest.mark.django_db
@pytest.mark.parametrize("record", RECORDS)
def test_records_the_site_writes_cannot_be_added_by_hand(client, record):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "x"))

    assert client.get(reverse(f"admin:{record}_add")).status_code == 403
    listing = client.get(reverse(f"admin:{record}_changelist"))
    assert listing.status_code == 200
