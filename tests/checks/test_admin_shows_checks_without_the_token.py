from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Outcome, Status, StepName
from tests.checks.factories import TOKEN, add_step, make_check

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_support_finds_a_check_by_its_id_and_sees_steps_and_verdict(admin_client):
    check = make_check(NOW, status=Status.WAITING, cause=Cause.PROPAGATION)
    add_step(check, StepName.SESSION_OPEN, Outcome.FAIL, http_status=403, trace_id="trace-77")
    make_check(NOW)

    listing = admin_client.get("/admin/checks/sessioncheck/", {"q": check.public_id})
    assert listing.status_code == 200
    assert "1 result" in listing.content.decode() or "1 wynik" in listing.content.decode()

    page = admin_client.get(f"/admin/checks/sessioncheck/{check.pk}/change/").content.decode()
    assert "trace-77" in page
    assert "123*****18" in page
    assert check.token_ciphertext not in page
    assert TOKEN not in page
