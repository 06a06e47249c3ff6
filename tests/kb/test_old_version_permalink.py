from __future__ import annotations

from tests.factories import add_revision


def _second_version(article, writer, editor):  # type: ignore[no-untyped-def]
    return add_revision(
        article,
        writer,
        title="Błąd 403 — nowe",
        body="Nowa treść.",
        change_note="Dopisano przyczyny",
        publish_by=editor,
    )


def test_old_version_permalink_shows_old_text_with_banner_and_link_to_current(
    client, make_article, writer, editor
):
    article = make_article()
    _second_version(article, writer, editor)

    body = client.get("/artykul/blad-403/wersja/1/").content.decode()

    assert "Brak uprawnień." in body
    assert "Nowa treść." not in body
    assert "Starsza wersja artykułu." in body
    assert '<a href="/artykul/blad-403/">Przejdź do aktualnej wersji</a>' in body
    assert '<meta name="robots" content="noindex">' in body
    assert "Wersja 1 z 10 stycznia 2026" in body


def test_current_version_permalink_has_no_old_banner(client, make_article, writer, editor):
    article = make_article()
    _second_version(article, writer, editor)
    body = client.get("/artykul/blad-403/wersja/2/").content.decode()
    assert "Nowa treść." in body
    assert "Starsza wersja artykułu." not in body


def test_history_lists_published_versions_with_change_notes(client, make_article, writer, editor):
    article = make_article()
    _second_version(article, writer, editor)
    add_revision(article, writer, change_note="Szkic roboczy")

    body = client.get("/artykul/blad-403/historia/").content.decode()

    assert '<a href="/artykul/blad-403/wersja/2/">Wersja 2</a>' in body
    assert '<a href="/artykul/blad-403/wersja/1/">Wersja 1</a>' in body
    assert "Dopisano przyczyny" in body
    assert "Pierwsza wersja" in body
    assert "opublikowano 12 stycznia 2026" in body
    assert "Szkic roboczy" not in body
    assert body.index("Wersja 2") < body.index("Wersja 1")
