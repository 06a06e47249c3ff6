from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from kb.models import Article, Category
from tests.factories import add_revision

CATEGORIES = [{"slug": "bledy", "name_pl": "Błędy", "name_en": "Errors", "position": 1}]
PL = """---
slug: blad-403-sessions-online
category: bledy
title: Błąd 403 przy otwieraniu sesji
summary: Dlaczego KSeF odmawia.
change_note: Pierwsza wersja
reviewed_on: 2026-11-20
---
## Uprawnienia jeszcze się propagują {#propagation}

Poczekaj.
"""
EN = """---
slug: error-403-sessions-online
category: bledy
title: Error 403 when opening a session
summary: Why KSeF refuses.
change_note: First version
---
## Permissions are not active yet {#propagation}

Wait.
"""


@pytest.fixture
def starter_dir(tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "categories.json").write_text(json.dumps(CATEGORIES), encoding="utf-8")
    (tmp_path / "403-sessions-online.pl.md").write_text(PL, encoding="utf-8")
    (tmp_path / "403-sessions-online.en.md").write_text(EN, encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    return tmp_path


def test_loading_creates_published_articles_linked_as_translations(client, db, starter_dir):
    call_command("load_starter_content", str(starter_dir))

    polish = Article.objects.get(starter_key="403-sessions-online:pl")
    english = Article.objects.get(starter_key="403-sessions-online:en")
    assert polish.slug == "blad-403-sessions-online"
    assert polish.reviewed_on == date(2026, 11, 20)
    assert english.reviewed_on is None
    assert english.translation_of == polish
    assert Category.objects.get().name_en == "Errors"
    revision = polish.published_revision
    assert (revision.number, revision.title, revision.change_note, revision.author) == (
        1,
        "Błąd 403 przy otwieraniu sesji",
        "Pierwsza wersja",
        None,
    )
    assert revision.body.startswith("## Uprawnienia jeszcze się propagują {#propagation}")
    page = client.get("/artykul/blad-403-sessions-online/").content.decode()
    assert '<h2 id="propagation">Uprawnienia jeszcze się propagują' in page
    assert "Read in English" in page


def test_loading_again_neither_duplicates_nor_overwrites_a_writers_work(
    db, starter_dir, writer, editor
):
    call_command("load_starter_content", str(starter_dir))
    polish = Article.objects.get(starter_key="403-sessions-online:pl")
    add_revision(polish, writer, body="Poprawione przez pisarkę", publish_by=editor)
    Article.objects.filter(pk=polish.pk).update(slug="blad-403")
    Category.objects.filter(slug="bledy").update(name_pl="Zmienione w panelu")

    call_command("load_starter_content", str(starter_dir))

    assert Article.objects.count() == 2
    polish.refresh_from_db()
    assert polish.slug == "blad-403"
    assert polish.published_revision.body == "Poprawione przez pisarkę"
    assert polish.revisions.count() == 2
    assert Category.objects.get().name_pl == "Zmienione w panelu"


def test_a_broken_file_is_named_and_the_others_still_load(db, starter_dir):
    (starter_dir / "broken.pl.md").write_text(
        "---\nslug: zly\ncategory: bledy\n---\nTreść\n", encoding="utf-8"
    )
    (starter_dir / "other.pl.md").write_text(
        PL.replace("blad-403-sessions-online", "inny").replace("bledy", "nie-ma"),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as error:
        call_command("load_starter_content", str(starter_dir))

    message = str(error.value)
    assert "broken.pl.md: missing header field(s): title, summary, change_note" in message
    assert "other.pl.md: unknown category 'nie-ma'" in message
    assert Article.objects.count() == 2


def test_a_slug_taken_by_a_writers_article_is_reported_not_stolen(db, starter_dir, make_article):
    make_article("blad-403-sessions-online", title="Artykuł pisarki")
    with pytest.raises(CommandError, match="already belongs to another article"):
        call_command("load_starter_content", str(starter_dir))
    assert Article.objects.get(slug="blad-403-sessions-online").starter_key is None
    # The English translation still loads, just without a Polish original to point at.
    assert Article.objects.get(starter_key="403-sessions-online:en").translation_of is None


def test_an_updated_starter_text_becomes_a_new_revision_of_an_untouched_article(db, starter_dir):
    call_command("load_starter_content", str(starter_dir))
    (starter_dir / "403-sessions-online.pl.md").write_text(
        PL.replace("Poczekaj.", "Poczekaj albo odśwież token.").replace(
            "change_note: Pierwsza wersja", "change_note: Odświeżanie tokena"
        ),
        encoding="utf-8",
    )

    call_command("load_starter_content", str(starter_dir))
    call_command("load_starter_content", str(starter_dir))

    polish = Article.objects.get(starter_key="403-sessions-online:pl")
    assert list(polish.revisions.order_by("number").values_list("number", "change_note")) == [
        (1, "Pierwsza wersja"),
        (2, "Odświeżanie tokena"),
    ]
    assert polish.published_revision.number == 2
    assert "Poczekaj albo odśwież token." in polish.published_revision.body
    english = Article.objects.get(starter_key="403-sessions-online:en")
    assert english.revisions.count() == 1


def test_an_updated_starter_text_never_overwrites_a_writers_revision(
    db, starter_dir, writer, editor
):
    call_command("load_starter_content", str(starter_dir))
    polish = Article.objects.get(starter_key="403-sessions-online:pl")
    english = Article.objects.get(starter_key="403-sessions-online:en")
    add_revision(polish, writer, body="Poprawione przez pisarkę", publish_by=editor)
    # A draft a writer has not published yet is theirs too.
    add_revision(english, writer, body="A writer's draft")
    for name, text in (("pl", PL), ("en", EN)):
        (starter_dir / f"403-sessions-online.{name}.md").write_text(
            text.replace("Wait.", "Wait or refresh.").replace("Poczekaj.", "Odśwież."),
            encoding="utf-8",
        )

    call_command("load_starter_content", str(starter_dir))

    assert polish.revisions.count() == 2
    assert english.revisions.count() == 2
    polish.refresh_from_db()
    assert polish.published_revision.body == "Poprawione przez pisarkę"
