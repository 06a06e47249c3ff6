from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kb.models import Article, Feedback


def test_admin_lists_articles_not_reviewed_for_180_days(client, make_article, editor):
    today = timezone.localdate()
    make_article("swiezy", title="Świeży")
    make_article("stary", title="Stary")
    make_article("nigdy", title="Nigdy")
    Article.objects.filter(slug="swiezy").update(reviewed_on=today - timedelta(days=179))
    Article.objects.filter(slug="stary").update(reviewed_on=today - timedelta(days=181))
    client.force_login(editor)

    body = client.get("/admin/kb/article/?review=due").content.decode()

    assert ">stary</a>" in body
    assert ">nigdy</a>" in body
    assert ">swiezy</a>" not in body


def test_feedback_counts_per_revision_are_visible_in_admin(client, make_article, editor):
    article = make_article()
    revision = article.published_revision
    Feedback.objects.create(revision=revision, helpful=True)
    Feedback.objects.create(revision=revision, helpful=True)
    Feedback.objects.create(revision=revision, helpful=False, comment="Brak przykładu")
    client.force_login(editor)

    change_page = client.get(f"/admin/kb/article/{article.pk}/change/").content.decode()
    feedback_list = client.get("/admin/kb/feedback/").content.decode()

    assert "<td>2 / 1</td>" in change_page
    assert "Brak przykładu" in feedback_list
