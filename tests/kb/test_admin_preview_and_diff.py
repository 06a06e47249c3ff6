from __future__ import annotations

from tests.factories import add_revision


def test_writer_previews_a_draft_exactly_as_the_reader_page(client, make_article, writer):
    article = make_article()
    add_revision(article, writer, title="Nowy tytuł", body="## Nowa sekcja {#new}\n\nSzkic.")
    client.force_login(writer)

    response = client.get(f"/admin/kb/article/{article.pk}/versions/2/preview/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="kb-article-title">Nowy tytuł</h1>' in body
    assert '<h2 id="new">Nowa sekcja' in body
    assert '<li class="toc-level-2"><a href="#new">Nowa sekcja</a>' in body
    assert "Podgląd wersji 2" in body
    assert "czytelnicy jej nie widzą" in body
    assert '<meta name="robots" content="noindex">' in body
    assert "Czy ten artykuł pomógł?" not in body
    # The public page still shows the published version.
    assert "Szkic." not in client.get("/artykul/blad-403/").content.decode()


def test_preview_of_an_english_article_is_in_english(client, make_article, writer):
    original = make_article()
    english = make_article("error-403", language="en", title="Error 403", translation_of=original)
    client.force_login(writer)
    body = client.get(f"/admin/kb/article/{english.pk}/versions/1/preview/").content.decode()
    assert '<html lang="en">' in body
    assert "Preview of version 1" in body
    assert "not available in English" not in body


def test_diff_shows_both_revisions_side_by_side_with_changes_marked(client, make_article, writer):
    article = make_article(body="Poczekaj 5 minut.\nDalej bez zmian.\nStara linia <b>x</b>")
    add_revision(
        article,
        writer,
        title="Błąd 403",
        summary="Dlaczego KSeF odmawia otwarcia sesji.",
        body="Poczekaj 15 minut.\nDalej bez zmian.\nNowa linia",
        change_note="Dłuższy czas",
    )
    client.force_login(writer)

    body = client.get(f"/admin/kb/article/{article.pk}/diff/?from=1&to=2").content.decode()

    assert "Porównanie wersji 1 i 2" in body
    assert "<del>5</del>" in body
    assert "<ins>15</ins>" in body
    assert "Dalej bez zmian." in body
    assert "<del>Stara</del>" in body
    assert "&lt;b&gt;" in body  # writer's markup is shown as text, never as HTML
    assert "<b>x</b>" not in body
    assert "Dłuższy czas" in body
    assert body.count("Bez zmian.") == 2  # title and summary


def test_diff_lets_you_choose_any_two_versions(client, make_article, writer):
    article = make_article(body="jeden")
    add_revision(article, writer, body="dwa")
    add_revision(article, writer, body="trzy", days=2)
    client.force_login(writer)

    body = client.get(f"/admin/kb/article/{article.pk}/diff/?from=3&to=1").content.decode()

    assert '<option value="3" selected>' in body
    assert '<option value="1" selected>' in body
    assert "<del>trzy</del>" in body
    assert "<ins>jeden</ins>" in body


def test_diff_defaults_to_published_against_the_newest_draft(client, make_article, writer):
    article = make_article(body="opublikowana")
    add_revision(article, writer, body="szkic")
    client.force_login(writer)
    body = client.get(f"/admin/kb/article/{article.pk}/diff/").content.decode()
    assert "Porównanie wersji 1 i 2" in body
    assert "<ins>szkic</ins>" in body
