from __future__ import annotations

from datetime import timedelta

import pytest

from kb import revisions
from kb.models import Revision
from tests.factories import T0


def test_saving_an_existing_revision_again_is_refused(make_article):
    article = make_article()
    revision = article.revisions.get()
    revision.body = "Nadpisana treść"
    with pytest.raises(ValueError, match="immutable"):
        revision.save()
    assert Revision.objects.get(pk=revision.pk).body == "## Przyczyny {#causes}\n\nBrak uprawnień."


def test_each_new_revision_gets_the_next_number_and_keeps_the_old_text(make_article, writer):
    article = make_article()
    second = revisions.create_revision(
        article,
        title="Błąd 403 (poprawiony)",
        summary="Nowe streszczenie",
        body="Nowa treść",
        change_note="Dopisano przyczynę",
        author=writer,
        now=T0 + timedelta(days=1),
    )
    assert second.number == 2
    assert second.author == writer
    assert second.created_at == T0 + timedelta(days=1)
    numbers_and_bodies = list(article.revisions.order_by("number").values_list("number", "body"))
    assert numbers_and_bodies == [
        (1, "## Przyczyny {#causes}\n\nBrak uprawnień."),
        (2, "Nowa treść"),
    ]
