"""Every reader sees the published text at once; only the rendered Markdown of a revision (which
never changes) is cached."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.test import Client

from kb import article_page, revisions
from kb.models import Article, SlugRedirect
from tests.kb.conftest import T0, add_revision


def test_every_read_counts_a_view(client, make_article):
    article = make_article()
    for _ in range(3):
        client.get("/artykul/blad-403/")
    article.refresh_from_db()
    assert article.view_count == 3


def test_a_revision_is_rendered_once_for_every_reader(client, make_article, monkeypatch):
    # A text of this test's own: the cache (Redis in the production suite) outlives a test.
    make_article(body=f"## Przyczyny {{#causes}}\n\n{uuid.uuid4()}")
    calls = []
    real = article_page.render_markdown
    monkeypatch.setattr(
        article_page, "render_markdown", lambda text: calls.append(text) or real(text)
    )
    first = client.get("/artykul/blad-403/").content.decode()
    second = Client().get("/artykul/blad-403/").content.decode()
    assert len(calls) == 1
    assert '<h2 id="causes">Przyczyny' in first
    assert '<h2 id="causes">Przyczyny' in second


def test_publish_shows_at_once_to_the_next_reader(client, make_article, editor):
    article = make_article()
    assert "Brak uprawnień." in client.get("/artykul/blad-403/").content.decode()
    add_revision(article, editor, body="Nowa przyczyna: zły NIP.", publish_by=editor)
    body = Client().get("/artykul/blad-403/").content.decode()
    assert "Nowa przyczyna: zły NIP." in body
    assert "Brak uprawnień." not in body


def test_rollback_shows_at_once(client, make_article, editor):
    article = make_article()
    first = article.published_revision
    add_revision(article, editor, body="Druga treść.", publish_by=editor)
    assert "Druga treść." in client.get("/artykul/blad-403/").content.decode()
    revisions.roll_back(article, first, editor, now=T0.replace(month=3))
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Brak uprawnień." in body
    assert "Druga treść." not in body


def test_publishing_a_translation_adds_its_link_to_the_original(client, make_article):
    original = make_article()
    assert "Read in English" not in client.get("/artykul/blad-403/").content.decode()
    make_article(
        "error-403", language="en", title="Error 403", translation_of=original, publish=True
    )
    assert "Read in English" in client.get("/artykul/blad-403/").content.decode()


def test_renaming_the_category_shows_at_once(client, make_article, category):
    make_article()
    client.get("/artykul/blad-403/")
    category.name_pl = "Logowanie do KSeF"
    category.save()
    assert "Logowanie do KSeF" in client.get("/artykul/blad-403/").content.decode()


def test_a_logged_in_writer_sees_the_current_text(client, make_article, editor):
    article = make_article()
    client.force_login(User.objects.get(pk=editor.pk))
    client.get("/artykul/blad-403/")
    add_revision(article, editor, body="Poprawiona treść.", publish_by=editor)
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Poprawiona treść." in body
    assert Article.objects.get().view_count == 2


def test_a_reader_with_a_session_cookie_sees_the_current_text(make_article, editor):
    article = make_article()
    reader = Client()
    reader.post("/artykul/blad-403/opinia/", {"revision": "1", "helpful": "yes"})
    assert reader.cookies
    # The thank-you message waits in the reader's cookies for the next page.
    assert "Dziękujemy za opinię." in reader.get("/artykul/blad-403/").content.decode()
    add_revision(article, editor, body="Poprawiona treść.", publish_by=editor)
    assert "Poprawiona treść." in reader.get("/artykul/blad-403/").content.decode()


def test_each_reader_gets_a_working_csrf_token(make_article):
    make_article()
    Client().get("/artykul/blad-403/")
    reader = Client(enforce_csrf_checks=True)
    body = reader.get("/artykul/blad-403/").content.decode()
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    posted = reader.post(
        "/artykul/blad-403/opinia/",
        {"csrfmiddlewaretoken": token, "revision": "1", "helpful": "yes"},
    )
    assert posted.status_code == 302


def test_an_old_slug_still_redirects_after_the_page_was_read(client, make_article):
    article = make_article()
    client.get("/artykul/blad-403/")
    article.slug = "blad-403-sesja"
    article.save()
    SlugRedirect.objects.create(old_slug="blad-403", article=article)
    response = client.get("/artykul/blad-403/")
    assert response.status_code == 301
    assert response["Location"] == "/artykul/blad-403-sesja/"
