"""The signed request is a credential until KSeF has used it: while the check waits for its
first attempt it exists only sealed in the check's row; once sent it is gone, and after the
check neither it nor the tokens of its authentication appear in a log, a task, a page or any
database row."""

from __future__ import annotations

import base64
import logging

from django_q.models import Task

from portal.checks import queueing, tokenvault
from portal.checks.models import Credential, SessionCheck, Status
from portal.checks.worker import CheckWorker
from portal.simulator.models import AuthOperation
from tests.checks.conftest import SIGNED_BY_NAME
from tests.checks.signing import self_signed, sign, signature_value
from tests.checks.test_token_never_leaves_the_check import database_text

PROPAGATION = SIGNED_BY_NAME["signed-propagation"]


def traces(signed: bytes) -> list[str]:
    """What would give the signed request away: its signature value, the file itself, and the
    file as the portal seals it (base64)."""
    return [
        signature_value(signed),
        signed.decode(),
        base64.b64encode(signed).decode(),
    ]


def test_the_signed_request_is_sealed_until_sent_and_gone_after_the_check(runner, client, caplog):
    caplog.set_level(logging.DEBUG)
    check = runner.request_signature(PROPAGATION.environment.value, PROPAGATION.nip)
    signed = sign(runner.document(check), self_signed(runner.clock.now()))
    assert runner.upload(check, signed).status_code == 302
    check.refresh_from_db()

    # Due in the database for the check worker, which has not taken it yet: no task carries it.
    assert (check.status, check.credential) == (Status.QUEUED, Credential.SIGNED_REQUEST)
    assert queueing.in_queue(check, runner.clock.now())
    assert not Task.objects.exists()
    assert tokenvault.bytes_of(tokenvault.unseal(check.token_ciphertext)) == signed
    stored = database_text()
    for trace in traces(signed):
        assert trace not in stored

    worker = CheckWorker(runner.clock, threads=1)
    try:
        assert worker.start_due() == 1
    finally:
        worker.close()
    check.refresh_from_db()
    # Sent once, then replaced by the refresh token for the retries.
    assert (check.status, check.credential) == (Status.WAITING, Credential.REFRESH_TOKEN)
    waiting_secret = tokenvault.unseal(check.token_ciphertext)
    assert signature_value(signed) not in waiting_secret

    check = runner.until_done(check)

    assert check.status == Status.DONE
    assert check.token_ciphertext == ""
    stored = database_text()
    pages = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    task_args = repr([(task.args, task.kwargs) for task in Task.objects.all()])
    for place in (stored, pages, caplog.text, task_args):
        for trace in [*traces(signed), waiting_secret]:
            assert trace not in place
    # The simulator (standing in for KSeF) keeps only digests of the tokens it issued.
    operation = AuthOperation.objects.get(reference_number=check.auth_reference)
    assert operation.refresh_token_digest
    assert waiting_secret not in repr(operation.__dict__)


def test_a_refused_upload_is_not_kept_anywhere(runner, caplog):
    caplog.set_level(logging.DEBUG)
    check = runner.request_signature(PROPAGATION.environment.value, PROPAGATION.nip)
    signed = sign(runner.document(check), self_signed(runner.clock.now()))
    other_nip = signed.replace(PROPAGATION.nip.encode(), b"5265877635")

    assert runner.upload(check, other_nip).status_code == 400

    assert SessionCheck.objects.get(pk=check.pk).token_ciphertext == ""
    for place in (database_text(), caplog.text):
        for trace in traces(other_nip):
            assert trace not in place
