"""A writer sees the published text at once; an anonymous reader gets a web process's copy of the
page, at most KB_ARTICLE_PAGE_SECONDS old. The rendered Markdown of a revision (which never
changes) is cached for every page.

Clearing the "local" cache stands for those seconds going by: each web process keeps its own
copies, so a publish in one of them cannot reach the others sooner."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client

from kb import article_page, revisions
from kb.models import SlugRedirect
from tests.factories import T0, add_revision


def expire_page_copies() -> None:
    caches["local"].clear()


def test_a_page_read_without_its_script_counts_no_view(client, make_article):
    # Crawlers and link checkers do not run the script that loads the feedback form.
    article = make_article()
    for _ in range(3):
        client.get("/artykul/blad-403/")
    client.get("/artykul/blad-403/opinia/?revision=1")
    article.refresh_from_db()
    assert article.view_count == 0


def test_the_copy_lives_as_long_as_browsers_may_keep_the_page(client, make_article, settings):
    make_article()
    settings.KB_ARTICLE_PAGE_SECONDS = 7
    response = client.get("/artykul/blad-403/")
    assert response["Cache-Control"] == "max-age=7"
    # A reader's session or stored message changes the page: browsers must ask again for them.
    assert "Cookie" in response["Vary"]


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


def test_publish_reaches_an_anonymous_reader_when_the_copy_expires(client, make_article, editor):
    article = make_article()
    assert "Brak uprawnień." in client.get("/artykul/blad-403/").content.decode()
    add_revision(article, editor, body="Nowa przyczyna: zły NIP.", publish_by=editor)
    assert "Brak uprawnień." in Client().get("/artykul/blad-403/").content.decode()
    expire_page_copies()
    body = Client().get("/artykul/blad-403/").content.decode()
    assert "Nowa przyczyna: zły NIP." in body
    assert "Brak uprawnień." not in body


def test_without_copies_a_publish_shows_at_once(client, make_article, editor, settings):
    settings.KB_ARTICLE_PAGE_SECONDS = 0
    article = make_article()
    assert "Brak uprawnień." in client.get("/artykul/blad-403/").content.decode()
    add_revision(article, editor, body="Nowa przyczyna: zły NIP.", publish_by=editor)
    body = Client().get("/artykul/blad-403/").content.decode()
    assert "Nowa przyczyna: zły NIP." in body
    assert "Brak uprawnień." not in body


def test_rollback_shows_when_the_copy_expires(client, make_article, editor):
    article = make_article()
    first = article.published_revision
    add_revision(article, editor, body="Druga treść.", publish_by=editor)
    assert "Druga treść." in client.get("/artykul/blad-403/").content.decode()
    revisions.roll_back(article, first, editor, now=T0.replace(month=3))
    expire_page_copies()
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Brak uprawnień." in body
    assert "Druga treść." not in body


def test_publishing_a_translation_adds_its_link_to_the_original(client, make_article):
    original = make_article()
    assert "Read in English" not in client.get("/artykul/blad-403/").content.decode()
    make_article(
        "error-403", language="en", title="Error 403", translation_of=original, publish=True
    )
    expire_page_copies()
    assert "Read in English" in client.get("/artykul/blad-403/").content.decode()


def test_renaming_the_category_shows_when_the_copy_expires(client, make_article, category):
    make_article()
    client.get("/artykul/blad-403/")
    category.name_pl = "Logowanie do KSeF"
    category.save()
    expire_page_copies()
    assert "Logowanie do KSeF" in client.get("/artykul/blad-403/").content.decode()


def test_a_logged_in_writer_sees_the_current_text(client, make_article, editor):
    article = make_article()
    client.force_login(User.objects.get(pk=editor.pk))
    client.get("/artykul/blad-403/")
    add_revision(article, editor, body="Poprawiona treść.", publish_by=editor)
    body = client.get("/artykul/blad-403/").content.decode()
    assert "Poprawiona treść." in body


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
    reader.get("/artykul/blad-403/")
    # The token comes with the form, which the page loads (the page itself is shared).
    form = reader.get("/artykul/blad-403/opinia/?revision=1", HTTP_HX_REQUEST="true")
    body = form.content.decode()
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    posted = reader.post(
        "/artykul/blad-403/opinia/",
        {"csrfmiddlewaretoken": token, "revision": "1", "helpful": "yes"},
    )
    assert posted.status_code == 302


def test_an_old_slug_redirects_when_the_copy_expires(client, make_article):
    article = make_article()
    client.get("/artykul/blad-403/")
    article.slug = "blad-403-sesja"
    article.save()
    SlugRedirect.objects.create(old_slug="blad-403", article=article)
    expire_page_copies()
    response = client.get("/artykul/blad-403/")
    assert response.status_code == 301
    assert response["Location"] == "/artykul/blad-403-sesja/"
