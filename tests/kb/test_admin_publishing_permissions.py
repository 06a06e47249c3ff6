from __future__ import annotations

from django.contrib.auth.models import Group

from tests.factories import add_revision


def test_writer_cannot_publish_or_roll_back(client, make_article, writer):
    article = make_article()
    add_revision(article, writer, body="Szkic pisarki")
    client.force_login(writer)

    change_page = client.get(f"/admin/kb/article/{article.pk}/change/").content.decode()
    get_confirm = client.get(f"/admin/kb/article/{article.pk}/versions/2/publish/")
    post_publish = client.post(f"/admin/kb/article/{article.pk}/versions/2/publish/")
    post_rollback = client.post(f"/admin/kb/article/{article.pk}/versions/1/rollback/")

    assert "Podgląd" in change_page
    assert "/versions/2/publish/" not in change_page
    assert (get_confirm.status_code, post_publish.status_code, post_rollback.status_code) == (
        403,
        403,
        403,
    )
    article.refresh_from_db()
    assert article.published_revision.number == 1
    assert article.revisions.count() == 2
    assert "Szkic pisarki" not in client.get("/artykul/blad-403/").content.decode()


def test_editor_publishes_a_draft_and_readers_see_it(client, make_article, writer, editor):
    article = make_article()
    add_revision(article, writer, body="Nowa, lepsza treść.", change_note="Przepisano")
    client.force_login(editor)

    change_page = client.get(f"/admin/kb/article/{article.pk}/change/").content.decode()
    confirm = client.get(f"/admin/kb/article/{article.pk}/versions/2/publish/").content.decode()
    response = client.post(f"/admin/kb/article/{article.pk}/versions/2/publish/", follow=True)

    assert f'href="/admin/kb/article/{article.pk}/versions/2/publish/"' in change_page
    assert "Opublikować wersję 2? Czytelnicy zobaczą ją od razu." in confirm
    assert "Opublikowano wersję 2." in response.content.decode()
    page = client.get("/artykul/blad-403/").content.decode()
    assert "Nowa, lepsza treść." in page
    assert "Wersja 2, zaktualizowano" in page
    history = client.get("/artykul/blad-403/historia/").content.decode()
    assert "Przepisano" in history


def test_editor_rolls_back_and_history_keeps_every_version(client, make_article, writer, editor):
    article = make_article()
    add_revision(article, writer, body="Błędna treść.", publish_by=editor)
    client.force_login(editor)

    change_page = client.get(f"/admin/kb/article/{article.pk}/change/").content.decode()
    response = client.post(f"/admin/kb/article/{article.pk}/versions/1/rollback/", follow=True)

    assert f'href="/admin/kb/article/{article.pk}/versions/1/rollback/"' in change_page
    assert "Przywrócono treść wersji 1 jako wersję 3 (opublikowana)." in response.content.decode()
    page = client.get("/artykul/blad-403/").content.decode()
    assert "Brak uprawnień." in page
    assert "Wersja 3, zaktualizowano" in page
    history = client.get("/artykul/blad-403/historia/").content.decode()
    assert "Przywrócono wersję 1" in history
    assert "/artykul/blad-403/wersja/2/" in history
    assert "Błędna treść." in client.get("/artykul/blad-403/wersja/2/").content.decode()


def test_publishing_an_older_version_is_refused_with_a_message(client, make_article, editor):
    article = make_article()
    add_revision(article, editor, publish_by=editor)
    client.force_login(editor)
    response = client.post(f"/admin/kb/article/{article.pk}/versions/1/publish/", follow=True)
    assert "starsza od opublikowanej; użyj przywrócenia" in response.content.decode()
    article.refresh_from_db()
    assert article.published_revision.number == 2


def test_groups_from_the_migration_carry_the_right_permissions(db):
    writer = set(Group.objects.get(name="writer").permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article", "view_revision"} <= writer
    assert "publish_article" not in writer
    assert "publish_article" in editor
    assert writer < editor
