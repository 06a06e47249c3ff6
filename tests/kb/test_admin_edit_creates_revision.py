from __future__ import annotations

from django.contrib import admin
from django.contrib.messages.storage.cookie import CookieStorage

from kb.admin.articles import ArticleAdmin, ArticleForm
from kb.models import Article, Category, SlugRedirect
from tests.factories import add_revision


def _form(article, **changes):  # type: ignore[no-untyped-def]
    data = {
        "slug": article.slug,
        "language": article.language,
        "category": article.category_id,
        "translation_of": "",
        "reviewed_on": "",
        "title": "Błąd 403",
        "summary": "Dlaczego KSeF odmawia otwarcia sesji.",
        "body": "## Przyczyny {#causes}\n\nBrak uprawnień.",
        "change_note": "",
    }
    data.update(changes)
    return data


def test_saving_the_change_form_appends_a_revision_by_the_writer(client, make_article, writer):
    article = make_article()
    client.force_login(writer)

    response = client.post(
        f"/admin/kb/article/{article.pk}/change/",
        _form(article, body="Nowa treść z **poprawką**.", change_note="Poprawka"),
    )

    assert response.status_code == 302
    latest = article.revisions.order_by("-number").first()
    assert (latest.number, latest.body, latest.change_note, latest.author) == (
        2,
        "Nowa treść z **poprawką**.",
        "Poprawka",
        writer,
    )
    assert article.revisions.get(number=1).body == "## Przyczyny {#causes}\n\nBrak uprawnień."
    article.refresh_from_db()
    assert article.published_revision.number == 1  # a writer's save is a draft


def test_change_form_is_prefilled_from_the_latest_revision(client, make_article, writer):
    article = make_article(body="Treść do poprawy")
    client.force_login(writer)
    body = client.get(f"/admin/kb/article/{article.pk}/change/").content.decode()
    assert ">\nTreść do poprawy</textarea>" in body
    assert 'value="Błąd 403"' in body


def test_changed_text_needs_a_change_note(client, make_article, writer):
    article = make_article()
    client.force_login(writer)
    response = client.post(
        f"/admin/kb/article/{article.pk}/change/", _form(article, body="Zmiana bez opisu")
    )
    assert response.status_code == 200
    assert "Opisz zmianę: zapis tworzy nową wersję." in response.content.decode()
    assert ">\nZmiana bez opisu</textarea>" in response.content.decode()  # nothing typed is lost
    assert article.revisions.count() == 1


def test_saving_only_article_fields_adds_no_identical_revision(client, make_article, editor):
    article = make_article()
    client.force_login(editor)
    client.post(f"/admin/kb/article/{article.pk}/change/", _form(article, reviewed_on="2026-02-01"))
    article.refresh_from_db()
    assert str(article.reviewed_on) == "2026-02-01"
    assert article.revisions.count() == 1


def test_adding_an_article_in_admin_creates_revision_one_unpublished(client, category, writer):
    client.force_login(writer)
    response = client.post(
        "/admin/kb/article/add/",
        {
            "slug": "nowy",
            "language": "pl",
            "category": category.pk,
            "translation_of": "",
            "reviewed_on": "",
            "title": "Nowy artykuł",
            "summary": "Krótko.",
            "body": "Treść.",
            "change_note": "Pierwsza wersja",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="nowy")
    assert list(article.revisions.values_list("number", "title", "author")) == [
        (1, "Nowy artykuł", writer.pk)
    ]
    assert article.published_revision is None
    assert client.get("/artykul/nowy/").status_code == 404


def test_changing_the_slug_in_admin_keeps_the_old_url_working(client, make_article, editor):
    article = make_article()
    client.force_login(editor)
    client.post(f"/admin/kb/article/{article.pk}/change/", _form(article, slug="blad-403-nowy"))
    assert SlugRedirect.objects.get().old_slug == "blad-403"
    response = client.get("/artykul/blad-403/")
    assert (response.status_code, response["Location"]) == (301, "/artykul/blad-403-nowy/")


def test_a_slug_another_article_used_is_refused(client, make_article, editor):
    make_article()
    other = make_article("inny")
    client.force_login(editor)
    response = client.post(f"/admin/kb/article/{other.pk}/change/", _form(other, slug="blad-403"))
    assert "Ten adres ma (albo miał) inny artykuł" in response.content.decode()


def test_a_writer_cannot_change_what_readers_see_of_a_published_article(
    client, make_article, writer
):
    article = make_article()
    other = Category.objects.create(slug="inne", name_pl="Inne", name_en="Other", position=9)
    client.force_login(writer)

    response = client.post(
        f"/admin/kb/article/{article.pk}/change/",
        _form(article, slug="nowy-adres", category=other.pk, reviewed_on="2026-01-01"),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.slug, article.reviewed_on) == ("blad-403", None)
    assert article.category_id != other.pk


def test_a_writer_still_sets_the_address_of_a_draft(client, make_article, writer):
    draft = make_article("szkic", publish=False)
    client.force_login(writer)
    client.post(f"/admin/kb/article/{draft.pk}/change/", _form(draft, slug="szkic-nowy"))
    draft.refresh_from_db()
    assert draft.slug == "szkic-nowy"


def test_a_review_date_in_the_future_is_refused(client, make_article, editor):
    article = make_article()
    client.force_login(editor)
    response = client.post(
        f"/admin/kb/article/{article.pk}/change/", _form(article, reviewed_on="2099-01-01")
    )
    assert "Data przeglądu nie może być z przyszłości." in response.content.decode()
    article.refresh_from_db()
    assert article.reviewed_on is None


def test_a_save_started_before_a_publication_does_not_undo_it(rf, make_article, writer, editor):
    article = make_article()
    stale = Article.objects.get(pk=article.pk)  # the writer opened the form here
    add_revision(article, writer, publish_by=editor)  # meanwhile an editor publishes version 2
    data = _form(stale, reviewed_on="2026-02-01", change_note="Poprawka")
    form = ArticleForm(data=data, instance=stale)
    assert form.is_valid(), form.errors
    request = rf.post("/")
    request.user = writer
    request._messages = CookieStorage(request)

    ArticleAdmin(Article, admin.site).save_model(request, form.save(commit=False), form, True)

    article.refresh_from_db()
    assert article.published_revision.number == 2
    assert str(article.reviewed_on) == "2026-02-01"
