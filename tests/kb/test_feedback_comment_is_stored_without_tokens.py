"""A reader may paste a KSeF token (or a NIP, an e-mail) into the "did this help?" comment, which
writers read in admin: it is redacted before it is stored, as a search query is."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as django_apps

from kb.models import Feedback

TOKEN = "20251010-EC-2A5B3C4D5E-6F7A8B9C0D-AB|nip-5265877635|" + "ab12" * 16


def test_a_token_in_a_comment_is_not_stored_and_the_rest_keeps_its_case_and_lines(
    client, make_article, writer
):
    make_article()

    client.post(
        "/artykul/blad-403/opinia/",
        {
            "revision": "1",
            "helpful": "no",
            "comment": f"Mój token: {TOKEN}\nKSeF odpowiada 450. Pisz: jan@example.com, "
            "NIP 526-587-76-35, PESEL 44051401359",
        },
    )

    assert Feedback.objects.get().comment == (
        "Mój token: …\nKSeF odpowiada 450. Pisz: … NIP … PESEL …"
    )
    client.force_login(writer)
    listing = client.get("/admin/kb/feedback/").content.decode()
    assert "Mój token: …" in listing
    assert "ab12ab12" not in listing and "5265877635" not in listing


def test_comments_stored_before_are_redacted_by_the_migration_once(db, make_article):
    article = make_article()
    kept = Feedback.objects.create(
        revision=article.published_revision, helpful=True, comment="Pomogło, dzięki!"
    )
    leaked = Feedback.objects.create(
        revision=article.published_revision, helpful=False, comment=f"Token {TOKEN} nie działa"
    )
    migration = import_module("kb.migrations.0010_redact_feedback_comments")

    migration.redact_comments(django_apps, None)
    migration.redact_comments(django_apps, None)

    leaked.refresh_from_db()
    kept.refresh_from_db()
    assert leaked.comment == "Token … nie działa"
    assert kept.comment == "Pomogło, dzięki!"
