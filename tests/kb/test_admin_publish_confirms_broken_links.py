from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kb.models import ScheduledPublication
from tests.factories import add_revision


def test_confirmation_lists_broken_links_and_publishing_needs_the_checkbox(
    client, make_article, editor
):
    article = make_article()
    add_revision(article, body="[a](/artykul/nie-ma/) [b](#brak) [c](/artykul/blad-403/)")
    client.force_login(editor)
    url = f"/admin/kb/article/{article.pk}/versions/2/publish/"

    confirm = client.get(url).content.decode()
    refused = client.post(url, {"action": "now"})
    article.refresh_from_db()
    published_after_refusal = article.published_revision.number
    accepted = client.post(url, {"action": "now", "publish_broken_links": "on"})

    assert "<code>/artykul/nie-ma/</code>: nie ma artykułu „nie-ma”" in confirm
    assert "<code>#brak</code>: w tym artykule nie ma sekcji #brak" in confirm
    assert "/artykul/blad-403/</code>" not in confirm
    assert refused.status_code == 200
    assert "Popraw linki albo potwierdź, że publikujesz mimo to." in refused.content.decode()
    assert published_after_refusal == 1
    assert accepted.status_code == 302
    article.refresh_from_db()
    assert article.published_revision.number == 2


def test_scheduling_a_revision_with_broken_links_needs_the_checkbox_too(
    client, make_article, editor
):
    article = make_article()
    add_revision(article, body="[a](/artykul/nie-ma/)")
    client.force_login(editor)
    url = f"/admin/kb/article/{article.pk}/versions/2/publish/"
    when = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    client.post(url, {"action": "schedule", "publish_at": when})
    refused = not ScheduledPublication.objects.exists()
    client.post(url, {"action": "schedule", "publish_at": when, "publish_broken_links": "on"})

    assert refused
    assert ScheduledPublication.objects.count() == 1


def test_a_revision_whose_links_work_publishes_without_the_checkbox(client, make_article, editor):
    article = make_article()
    add_revision(article, body="## Sekcja {#s}\n\n[a](#s) [b](/artykul/blad-403/#causes)")
    client.force_login(editor)
    url = f"/admin/kb/article/{article.pk}/versions/2/publish/"

    confirm = client.get(url).content.decode()
    client.post(url)

    assert 'id="kb-broken-links"' not in confirm
    article.refresh_from_db()
    assert article.published_revision.number == 2
