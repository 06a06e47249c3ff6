"""A token still Pending when the check starts and Active before it ends gets its own verdict:
it works now, so nothing tells the user to delete it, and KSeF's words from the attempts it
refused are carried over."""

from __future__ import annotations

from portal.checks.causes import Cause
from portal.checks.verdicts import VERDICTS


def test_a_token_activated_during_the_check_is_said_to_work_now(runner, client):
    check = runner.until_done(runner.start("pending"))

    assert check.cause == Cause.TOKEN_ACTIVATED
    assert check.tone == "ok"
    assert check.facts["ksef_detail"].endswith("Token nieaktywny")
    page = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert "Token aktywował się w trakcie sprawdzenia: teraz działa" in page
    assert "KSeF odpowiadał: Uwierzytelnianie zakończone niepowodzeniem" in page
    assert "Nie usuwaj tego tokenu" in page
    assert "Token nie jest aktywny" not in page
    assert "wygeneruj nowy." not in page


def test_the_activated_verdict_never_advises_a_new_token():
    steps = " ".join(str(step) for step in VERDICTS[Cause.TOKEN_ACTIVATED].next_steps)

    assert "Wygeneruj nowy" not in steps and "wygeneruj nowy" not in steps
    assert "nie generuj nowego" in steps
