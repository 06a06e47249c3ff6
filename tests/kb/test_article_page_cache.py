"""The article page comes from the cache for anonymous readers and follows every publish."""

from __future__ import annotations

from django.contrib.auth.models import User

from kb import revisions, view_counts
from kb.models import Article, SlugRedirect
from kb.page_cache import CSRF_PLACEHOLDER
from tests.factories import T0, add_revision
from tests.kb.conftest import count_queries


def test_second_read_costs_fewer_queries_and_still_counts_the_view(client, make_article):
    article = make_article()
    first = count_queries(client, "/artykul/blad-403/")
    second = count_queries(client, "/artykul/blad-403/")
    # A hit: only the view count's UPDATE.
    assert second == 1
    assert second < first
    article.refresh_from_db()
    assert article.view_count == 2


def test_publish_shows_at_once_on_a_cached_page(
    client, make_article, editor, django_capture_on_commit_callbacks
):
    article = make_article()
    assert "Brak uprawnień." in client.get("/artykul/blad-403/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        add_revision(article, editor, body="Nowa przyczyna: zły NIP.", publish_by=editor)
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Nowa przyczyna: zły NIP." in body
    assert "Brak uprawnień." not in body


def test_rollback_shows_at_once_on_a_cached_page(
    client, make_article, editor, django_capture_on_commit_callbacks
):
    article = make_article()
    first = article.published_revision
    with django_capture_on_commit_callbacks(execute=True):
        add_revision(article, editor, body="Druga treść.", publish_by=editor)
    assert "Druga treść." in client.get("/artykul/blad-403/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        revisions.roll_back(article, first, editor, now=T0.replace(month=3))
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Brak uprawnień." in body
    assert "Druga treść." not in body


def test_publishing_a_translation_adds_its_link_to_the_cached_original(
    client, make_article, django_capture_on_commit_callbacks
):
    original = make_article()
    assert "Read in English" not in client.get("/artykul/blad-403/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            "error-403", language="en", title="Error 403", translation_of=original, publish=True
        )
    assert "Read in English" in client.get("/artykul/blad-403/").content.decode()


def test_renaming_the_category_shows_on_a_cached_page(client, make_article, category):
    make_article()
    client.get("/artykul/blad-403/")
    category.name_pl = "Logowanie do KSeF"
    category.save()
    assert "Logowanie do KSeF" in client.get("/artykul/blad-403/").content.decode()


def test_each_reader_gets_a_working_csrf_token_from_a_cached_page(make_article):
    from django.test import Client

    make_article()
    Client().get("/artykul/blad-403/")
    reader = Client(enforce_csrf_checks=True)
    response = reader.get("/artykul/blad-403/")
    body = response.content.decode()
    assert CSRF_PLACEHOLDER not in body
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    posted = reader.post(
        "/artykul/blad-403/opinia/",
        {"csrfmiddlewaretoken": token, "revision": "1", "helpful": "yes"},
    )
    assert posted.status_code == 302


def test_logged_in_users_and_pending_messages_get_a_fresh_page(client, make_article, editor):
    make_article()
    client.get("/artykul/blad-403/")
    client.post("/artykul/blad-403/opinia/", {"revision": "1", "helpful": "yes"})
    # The thank-you message is shown on the next page, which cannot be the shared one.
    assert "Dziękujemy za opinię." in client.get("/artykul/blad-403/").content.decode()
    client.force_login(User.objects.get(pk=editor.pk))
    assert count_queries(client, "/artykul/blad-403/") > 1
    assert Article.objects.get().view_count == 3


def test_an_old_slug_still_redirects_after_the_page_was_cached(client, make_article):
    article = make_article()
    client.get("/artykul/blad-403/")
    article.slug = "blad-403-sesja"
    article.save()
    SlugRedirect.objects.create(old_slug="blad-403", article=article)
    response = client.get("/artykul/blad-403/")
    assert response.status_code == 301
    assert response["Location"] == "/artykul/blad-403-sesja/"


def test_views_are_written_at_most_once_per_interval(client, make_article, settings, monkeypatch):
    settings.KB_VIEW_COUNT_INTERVAL_SECONDS = 10
    now = [5000.0]
    monkeypatch.setattr(view_counts, "clock", lambda: now[0])
    monkeypatch.setattr(view_counts, "_last_write", 5000.0)
    article = make_article()
    for _ in range(5):
        client.get("/artykul/blad-403/")
    article.refresh_from_db()
    assert article.view_count == 0
    now[0] += 10
    client.get("/artykul/blad-403/")
    article.refresh_from_db()
    assert article.view_count == 6


def test_views_wait_for_the_next_write_when_the_database_refuses(
    client, make_article, settings, monkeypatch
):
    from django.db import OperationalError

    article = make_article()
    real_add = view_counts._add

    def refuse(article_id, views):  # type: ignore[no-untyped-def]
        raise OperationalError("connection lost")

    monkeypatch.setattr(view_counts, "_add", refuse)
    assert client.get("/artykul/blad-403/").status_code == 200
    assert client.get("/artykul/blad-403/").status_code == 200
    monkeypatch.setattr(view_counts, "_add", real_add)
    client.get("/artykul/blad-403/")
    article.refresh_from_db()
    assert article.view_count == 3


def test_views_still_waiting_are_written_when_the_process_exits(
    client, make_article, settings, monkeypatch
):
    settings.KB_VIEW_COUNT_INTERVAL_SECONDS = 10
    monkeypatch.setattr(view_counts, "clock", lambda: 5000.0)
    monkeypatch.setattr(view_counts, "_last_write", 5000.0)
    article = make_article()
    for _ in range(3):
        client.get("/artykul/blad-403/")
    article.refresh_from_db()
    assert article.view_count == 0

    view_counts.flush()

    article.refresh_from_db()
    assert article.view_count == 3
