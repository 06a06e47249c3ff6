"""A token in the link of a POST (a form sent to /sprawdz-sesje/?token=…) is dropped before
anything reads the request, as it is from a GET: a page answering the POST (the form again, with
its mistakes) never repeats it, and the form's data is kept."""

from __future__ import annotations

import pytest

from portal.checks import tokenvault
from portal.checks.models import SessionCheck, Status

pytestmark = pytest.mark.django_db

TOKEN = "20251010-EC-2A1B3C4D5E-6F7A8B9C0D-1E|nip-5260250274|" + "ab12" * 16
FORM_TOKEN = "20251001-EC-0123456789-ABCDEF0123-45|nip-1234563218|" + "ef" * 32


def assert_no_token(text: str) -> None:
    assert "ab12ab12" not in text
    assert "nip-5260250274" not in text
    assert "2A1B3C4D5E" not in text


def test_an_invalid_form_posted_to_a_link_with_a_token_does_not_echo_it(client):
    response = client.post(
        f"/sprawdz-sesje/?env=demo&token={TOKEN}", {"env": "test", "nip": "12345"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert_no_token(body)
    # The language form's "next" is the address without the token.
    assert 'name="next" value="/sprawdz-sesje/?env=demo&amp;token_removed=1"' in body
    # What was typed is still there, with what is wrong with it.
    assert 'value="12345"' in body
    assert "NIP ma 10 cyfr" in body


def test_a_valid_form_posted_to_a_link_with_a_token_still_starts_the_check(client):
    response = client.post(
        f"/sprawdz-sesje/?token={TOKEN}",
        {"env": "test", "nip": "1234563218", "token": FORM_TOKEN},
    )

    assert response.status_code == 302
    assert_no_token(response["Location"])
    check = SessionCheck.objects.get()
    # Stored due, with the token the form carried (sealed), for the check worker to take.
    assert (check.nip, check.status) == ("1234563218", Status.QUEUED)
    assert tokenvault.unseal(check.token_ciphertext) == FORM_TOKEN
