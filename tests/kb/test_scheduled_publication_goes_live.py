"""A scheduled revision goes live through kb.revisions.publish_due, the function the minute
schedule runs, called here directly with the clock injected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.test import TestCase

from kb import revisions
from kb.models import Publication, ScheduledPublication
from tests.factories import T0, add_revision

MONDAY = T0 + timedelta(days=3)


def _run(now):  # type: ignore[no-untyped-def]
    """publish_due as the worker runs it, with what it runs on commit (the signal) run now."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return revisions.publish_due(now=now)


def test_scheduled_revision_goes_live_when_its_time_comes(client, make_article, writer, editor):
    article = make_article()
    draft = add_revision(
        article, writer, body="Od poniedziałku nowe zasady.", change_note="KSeF 2.1"
    )
    schedule = revisions.schedule_publication(draft, editor, MONDAY, now=T0 + timedelta(days=1))
    client.get("/artykul/blad-403/")  # the old text in the page cache

    early = _run(MONDAY - timedelta(seconds=1))
    article.refresh_from_db()
    assert (early, article.published_revision.number) == ("published 0, failed 0", 1)

    on_time = _run(MONDAY + timedelta(seconds=20))

    article.refresh_from_db()
    schedule.refresh_from_db()
    assert on_time == "published 1, failed 0"
    assert article.published_revision == draft
    assert article.published_at == MONDAY + timedelta(seconds=20)
    publication = schedule.publication
    assert (publication.revision, publication.published_by) == (draft, editor)
    caches["local"].clear()  # the reader's copy expires (KB_ARTICLE_PAGE_SECONDS)
    assert "Od poniedziałku nowe zasady." in client.get("/artykul/blad-403/").content.decode()
    history = client.get("/artykul/blad-403/historia/").content.decode()
    assert "(publikacja zaplanowana 11 stycznia 2026)" in history
    assert _run(MONDAY + timedelta(minutes=1)) == "published 0, failed 0"
    assert Publication.objects.filter(revision=draft).count() == 1


def test_several_due_revisions_go_live_in_one_run(make_article, editor):
    first = make_article()
    second = make_article("blad-401", title="Błąd 401")
    for article in (first, second):
        revisions.schedule_publication(add_revision(article), editor, MONDAY, now=T0)

    assert _run(MONDAY) == "published 2, failed 0"
    assert not ScheduledPublication.objects.filter(done_at__isnull=True).exists()


def test_schedule_overtaken_by_a_newer_publication_fails_with_the_reason(make_article, editor):
    article = make_article()
    scheduled = add_revision(article, days=1)
    revisions.schedule_publication(scheduled, editor, MONDAY, now=T0)
    revisions.publish(add_revision(article, days=2), editor, now=T0 + timedelta(days=2))

    assert _run(MONDAY) == "published 0, failed 1"

    schedule = ScheduledPublication.objects.get()
    article.refresh_from_db()
    assert article.published_revision.number == 3
    assert schedule.publication is None
    assert schedule.failure == "Wersja 2 jest starsza od opublikowanej; użyj przywrócenia."


def test_editor_who_lost_the_right_to_publish_does_not_publish_later(make_article, editor):
    article = make_article()
    revisions.schedule_publication(add_revision(article), editor, MONDAY, now=T0)
    editor.groups.remove(Group.objects.get(name="editor"))

    assert _run(MONDAY) == "published 0, failed 1"
    article.refresh_from_db()
    assert article.published_revision.number == 1
    assert ScheduledPublication.objects.get().failure.startswith("Tylko redaktor")


def test_writer_cannot_schedule(make_article, writer):
    article = make_article()

    with pytest.raises(PermissionDenied):
        revisions.schedule_publication(add_revision(article, writer), writer, MONDAY, now=T0)
    assert not ScheduledPublication.objects.exists()


def test_a_time_in_the_past_is_refused(make_article, editor):
    draft = add_revision(make_article())

    with pytest.raises(revisions.RevisionError, match="musi być w przyszłości"):
        revisions.schedule_publication(draft, editor, T0, now=T0 + timedelta(minutes=1))
    assert not ScheduledPublication.objects.exists()


def test_a_published_or_already_scheduled_revision_cannot_be_scheduled(make_article, editor):
    article = make_article()
    draft = add_revision(article)
    revisions.schedule_publication(draft, editor, MONDAY, now=T0)

    with pytest.raises(revisions.RevisionError, match="już zaplanowaną"):
        revisions.schedule_publication(draft, editor, MONDAY + timedelta(days=1), now=T0)
    with pytest.raises(revisions.RevisionError, match="już opublikowana"):
        revisions.schedule_publication(article.published_revision, editor, MONDAY, now=T0)


def test_a_cancelled_schedule_publishes_nothing(make_article, editor):
    article = make_article()
    schedule = revisions.schedule_publication(add_revision(article), editor, MONDAY, now=T0)

    revisions.cancel_schedule(schedule, editor)

    assert _run(MONDAY) == "published 0, failed 0"
    article.refresh_from_db()
    assert article.published_revision.number == 1
