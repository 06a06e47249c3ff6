"""The KSeF token: never a task argument, never in the broker, a log, a page, or the database in
plain text; encrypted only while its check runs."""

from __future__ import annotations

import html
import logging
import re

import pytest
from django.db import connection
from django_q.models import Schedule, Task

from portal.checks import tokenvault
from portal.checks.models import SessionCheck, Status
from portal.simulator.scenarios import BY_NAME


def database_text() -> str:
    """Every row of every table, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def secrets_of(token: str) -> list[str]:
    return [token, token.rsplit("|", 1)[1]]


def summary_has_no_part_of(summary: str, token: str) -> bool:
    return all(part not in summary for part in token.split("|"))


def assert_nowhere(text: str, token: str) -> None:
    for secret in secrets_of(token):
        assert secret not in text


def test_token_is_only_encrypted_while_the_check_waits_and_gone_when_it_ends(
    runner, client, caplog
):
    caplog.set_level(logging.DEBUG)
    token = BY_NAME["propagation"].token
    check = runner.start("propagation")
    check.refresh_from_db()

    assert check.status == Status.WAITING
    assert check.token_ciphertext
    assert tokenvault.unseal(check.token_ciphertext) == token
    assert_nowhere(database_text(), token)
    # The wait lives in the check's row: no schedule or task is made for it.
    assert not Schedule.objects.exists()
    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert_nowhere(page, token)

    check = runner.until_done(check)

    assert check.status == Status.DONE
    assert check.token_ciphertext == ""
    assert_nowhere(database_text(), token)
    assert_nowhere(caplog.text, token)
    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert_nowhere(page, token)
    # What the user pastes to a helpdesk holds no part of the token at all.
    summary = re.search(r'<pre id="check-summary-text"[^>]*>(.*?)</pre>', page, re.S)
    assert summary is not None
    assert summary_has_no_part_of(html.unescape(summary.group(1)), token)
    # A check is due in the database for the check worker: no task, no broker, carries it.
    assert not Task.objects.filter(func__startswith="portal.checks").exists()


@pytest.mark.django_db
def test_ciphertext_is_useless_without_the_key_from_settings(settings):
    sealed = tokenvault.seal("secret-token-value-1234567890")
    settings.CHECK_TOKEN_KEY = "another key entirely, as in another deployment"

    with pytest.raises(tokenvault.TokenUnavailable):
        tokenvault.unseal(sealed)


def test_token_of_a_check_that_failed_half_way_is_erased(runner, monkeypatch):
    from portal.checks import runner as runner_module

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug in the middle of an attempt")

    monkeypatch.setattr(runner_module, "_open_and_close_session", explode)
    check = runner.start("ok")
    check = SessionCheck.objects.get(pk=check.pk)

    assert check.status == Status.DONE
    assert check.cause == "portal-fault"
    assert check.token_ciphertext == ""
    assert "RuntimeError" in check.facts["failure"]
