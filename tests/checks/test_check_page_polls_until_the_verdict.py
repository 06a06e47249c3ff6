from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from portal.checks.causes import Cause
from portal.checks.models import Outcome, Status, StepName
from portal.checks.readings import RetryReason
from portal.checks.verdicts import VERDICTS
from tests.checks.factories import add_step, make_check

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_running_check_page_polls_itself_with_the_server_chosen_delay(client, settings):
    settings.CHECK_POLL_DELAY_SECONDS = 3
    check = make_check(NOW, status=Status.RUNNING, attempts=1)
    add_step(check, StepName.CERTIFICATES, Outcome.OK, duration_ms=12, http_status=200)

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert f'hx-get="/sprawdz-sesje/{check.public_id}/?seen=1"' in body
    assert 'hx-trigger="load delay:3s"' in body
    assert 'hx-swap="outerHTML"' in body
    assert "Certyfikaty klucza publicznego" in body
    assert "12 ms" in body
    # Without JavaScript: the same content and a link to look again.
    assert f'<a href="/sprawdz-sesje/{check.public_id}/">Odśwież teraz</a>' in body
    assert 'role="status"' in body


@pytest.mark.django_db
def test_poll_returns_only_the_fragment_within_two_queries(client, django_assert_max_num_queries):
    check = make_check(NOW, status=Status.RUNNING, attempts=1)
    for name in (StepName.CERTIFICATES, StepName.CHALLENGE, StepName.AUTHENTICATION):
        add_step(check, name, Outcome.OK)

    with django_assert_max_num_queries(2):
        response = client.get(f"/sprawdz-sesje/{check.public_id}/?seen=1", **HTMX)

    body = response.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="check-progress"')
    # Only the steps new since the last look are announced, once.
    announcer = re.search(r'<div id="check-announcer" hx-swap-oob="innerHTML">(.*?)</div>', body)
    assert announcer is not None
    assert "Certyfikaty" not in announcer.group(1)
    assert "Wyzwanie (challenge): udane" in announcer.group(1)
    assert "Uwierzytelnienie tokenem: udane" in announcer.group(1)


@pytest.mark.django_db
def test_poll_without_news_announces_nothing(client):
    check = make_check(NOW, status=Status.RUNNING, attempts=1)
    add_step(check, StepName.CERTIFICATES, Outcome.OK)

    body = client.get(f"/sprawdz-sesje/{check.public_id}/?seen=1", **HTMX).content.decode()

    assert "check-announcer" not in body
    assert "hx-get" in body


@pytest.mark.django_db
def test_finished_check_fragment_stops_polling_and_shows_the_verdict(client, verdict_sections):
    check = make_check(
        NOW,
        status=Status.DONE,
        cause=Cause.SCOPE,
        facts={"token_permissions": ["InvoiceRead"], "permissions": ["InvoiceRead (Active)"]},
        token_ciphertext="",
    )
    add_step(
        check,
        StepName.SESSION_OPEN,
        Outcome.FAIL,
        http_status=403,
        reason_code="missing-permissions",
        trace_id="abc-123",
    )

    body = client.get(f"/sprawdz-sesje/{check.public_id}/?seen=1", **HTMX).content.decode()

    assert "hx-get" not in body
    assert "hx-trigger" not in body
    assert str(VERDICTS[Cause.SCOPE].title) in body
    assert "Ten token ma: InvoiceRead." in body
    assert "reasonCode missing-permissions" in body
    assert "traceId abc-123" in body
    assert '/artykul/blad-403-sessions-online/#scope"' in body
    assert "Odśwież teraz" not in body
    assert f"{VERDICTS[Cause.SCOPE].title}</p>" in body  # announced


@pytest.mark.django_db
def test_waiting_check_says_which_attempt_and_when_the_next_one_is(client, simulated_clock):
    now = simulated_clock.now()  # 10:00 in Warsaw
    check = make_check(
        now - timedelta(minutes=2),
        status=Status.WAITING,
        attempts=3,
        next_attempt_at=now + timedelta(seconds=60),
        retry_reason=RetryReason.PROPAGATION,
    )

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    # Deadline 10:13, one attempt a minute: the 4th at 10:01, then up to 12 more.
    assert (
        "Próba 3 z maks. 16: uprawnienia jeszcze niewidoczne w KSeF. Następna o 10:01:00. "
        '<span class="countdown">(za ok. 60 s)</span>' in body
    )


@pytest.mark.django_db
def test_check_page_masks_the_nip_and_shows_the_id_to_quote(client):
    check = make_check(NOW, nip="1234563218")

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert "123*****18" in body
    assert "1234563218" not in body
    assert check.public_id in body
    assert len(check.public_id) >= 22


@pytest.mark.django_db
def test_unknown_check_id_is_404(client):
    assert client.get("/sprawdz-sesje/no-such-check-id-here/").status_code == 404


@pytest.mark.django_db
def test_english_page_links_to_the_english_article(client, verdict_sections):
    check = make_check(NOW, status=Status.DONE, cause=Cause.PROPAGATION, facts={"minutes": 4})

    body = client.get(f"/en/sprawdz-sesje/{check.public_id}/").content.decode()

    assert '/en/artykul/error-403-sessions-online/#propagation"' in body


@pytest.mark.django_db
def test_english_page_explains_the_verdict_in_english(client):
    check = make_check(
        NOW,
        status=Status.DONE,
        cause=Cause.SCOPE,
        facts={"token_permissions": ["InvoiceRead"]},
        token_ciphertext="",
    )

    body = client.get(f"/en/sprawdz-sesje/{check.public_id}/").content.decode()

    assert "The token does not cover sending invoices" in body
    assert "This token has: InvoiceRead." in body
    assert "What to do" in body


@pytest.mark.django_db
def test_overdue_attempt_shows_its_place_in_the_queue(client, simulated_clock):
    now = simulated_clock.now()
    check = make_check(
        now - timedelta(minutes=3),
        status=Status.WAITING,
        attempts=2,
        next_attempt_at=now - timedelta(seconds=5),
    )

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()

    assert (
        "Próba 2 z maks. 15 zakończona. W kolejce: miejsce 1. Czas oczekiwania podamy, gdy "
        "skończą się pierwsze próby innych sprawdzeń."
    ) in body
    assert "countdown" not in body


@pytest.mark.django_db
def test_steps_show_their_labels_in_the_reader_language_and_unknown_values_as_stored(client):
    check = make_check(NOW, status=Status.RUNNING, attempts=1)
    add_step(check, StepName.CERTIFICATES, Outcome.FAIL)
    # A value a later version may store, read by this one during a rolling deploy.
    add_step(check, StepName.CHALLENGE, Outcome.OK)
    check.steps.filter(name=StepName.CHALLENGE).update(name="future-step", outcome="later")

    body = client.get(f"/sprawdz-sesje/{check.public_id}/").content.decode()
    assert "Certyfikaty klucza publicznego" in body
    assert "nieudane" in body
    assert "future-step" in body
    assert "later" in body

    english = client.get(f"/en/sprawdz-sesje/{check.public_id}/").content.decode()
    assert "nieudane" not in english
    assert "failed" in english
