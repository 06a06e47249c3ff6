from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kb.models import ScheduledPublication
from tests.factories import add_revision


def _local(when):  # type: ignore[no-untyped-def]
    """What a browser's datetime-local field sends: Polish wall-clock time, no offset."""
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_editor_schedules_a_revision_and_the_admin_lists_it(client, make_article, writer, editor):
    article = make_article()
    add_revision(article, writer, body="Nowe zasady")
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    client.force_login(editor)
    publish_url = f"/admin/kb/article/{article.pk}/versions/2/publish/"

    confirm = client.get(publish_url).content.decode()
    response = client.post(
        publish_url, {"action": "schedule", "publish_at": _local(when)}, follow=True
    )

    assert 'type="datetime-local" name="publish_at"' in confirm
    schedule = ScheduledPublication.objects.get()
    assert (schedule.revision.number, schedule.publish_at, schedule.scheduled_by) == (
        2,
        when,
        editor,
    )
    page = response.content.decode()
    assert "Wersja 2 zostanie opublikowana" in page
    assert "zaplanowana na" in page
    assert f'href="/admin/kb/scheduledpublication/{schedule.pk}/delete/"' in page
    article.refresh_from_db()
    assert article.published_revision.number == 1
    listing = client.get("/admin/kb/scheduledpublication/").content.decode()
    assert "blad-403 v2" in listing and "czeka" in listing


def test_a_time_in_the_past_is_refused_beside_the_date(client, make_article, editor):
    article = make_article()
    add_revision(article)
    client.force_login(editor)

    response = client.post(
        f"/admin/kb/article/{article.pk}/versions/2/publish/",
        {"action": "schedule", "publish_at": _local(timezone.now() - timedelta(hours=1))},
    )

    assert response.status_code == 200
    assert "Termin publikacji musi być w przyszłości." in response.content.decode()
    assert not ScheduledPublication.objects.exists()


def test_scheduling_needs_a_date(client, make_article, editor):
    article = make_article()
    add_revision(article)
    client.force_login(editor)

    response = client.post(
        f"/admin/kb/article/{article.pk}/versions/2/publish/", {"action": "schedule"}
    )

    assert "Podaj datę i godzinę publikacji." in response.content.decode()
    assert not ScheduledPublication.objects.exists()


def test_writer_can_neither_schedule_nor_cancel(client, make_article, writer, editor):
    article = make_article()
    add_revision(article, writer)
    when = timezone.now() + timedelta(days=1)
    client.force_login(writer)

    scheduled = client.post(
        f"/admin/kb/article/{article.pk}/versions/2/publish/",
        {"action": "schedule", "publish_at": _local(when)},
    )
    client.force_login(editor)
    client.post(
        f"/admin/kb/article/{article.pk}/versions/2/publish/",
        {"action": "schedule", "publish_at": _local(when)},
    )
    schedule = ScheduledPublication.objects.get()
    client.force_login(writer)
    cancel = client.post(f"/admin/kb/scheduledpublication/{schedule.pk}/delete/", {"post": "yes"})
    listing = client.get("/admin/kb/scheduledpublication/")

    assert (scheduled.status_code, cancel.status_code, listing.status_code) == (403, 403, 200)
    assert ScheduledPublication.objects.filter(scheduled_by=editor).count() == 1


def test_editor_cancels_a_waiting_schedule_but_not_a_done_one(client, make_article, editor):
    article = make_article()
    when = timezone.now() + timedelta(days=1)
    waiting = ScheduledPublication.objects.create(
        revision=add_revision(article), publish_at=when, scheduled_by=editor, scheduled_at=when
    )
    done = ScheduledPublication.objects.create(
        revision=article.published_revision,
        publish_at=when,
        scheduled_by=editor,
        scheduled_at=when,
        done_at=when,
        failure="Ta wersja jest już opublikowana.",
    )
    client.force_login(editor)

    cancelled = client.post(
        f"/admin/kb/scheduledpublication/{waiting.pk}/delete/", {"post": "yes"}, follow=True
    )
    refused = client.post(f"/admin/kb/scheduledpublication/{done.pk}/delete/", {"post": "yes"})

    assert cancelled.status_code == 200
    assert refused.status_code == 403
    assert list(ScheduledPublication.objects.values_list("pk", flat=True)) == [done.pk]
