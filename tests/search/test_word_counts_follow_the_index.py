"""The ranking's per-word document counts (for rare words over common ones) stay those of the
indexed articles, whatever publishes or withdraws one, and a rebuild starts them over."""

from __future__ import annotations

from kb.search.index import rebuild_index
from kb.search.models import SearchTermCount
from tests.factories import add_revision, make_article, publish_revision


def counts(language: str = "pl") -> dict[str, int]:
    rows = SearchTermCount.objects.filter(language=language, documents__gt=0)
    return dict(rows.values_list("term", "documents"))


def test_each_published_article_counts_once_per_word_it_holds(db):
    make_article("akcyza", "Akcyza i akcyza", "Akcyza.", "Treść o akcyzie.")
    make_article("cło", "Cło", "Cło.", "Treść.")

    found = counts()

    assert found[""] == 2  # the articles themselves
    assert found["akcyza"] == 1
    assert found["tresc"] == 2
    assert counts("en") == {}


def test_a_new_publication_replaces_the_old_text_in_the_counts(db):
    article = make_article("akcyza", "Akcyza", "Akcyza.", "Treść.")

    publish_revision(add_revision(article, title="Cło", summary="Cło.", body="Treść."))

    assert counts() == {"": 1, "clo": 1, "tresc": 1}


def test_an_article_taken_off_the_site_no_longer_counts(db):
    withdrawn = make_article("akcyza", "Akcyza", "Akcyza.", "Treść.")
    make_article("vat", "VAT", "VAT.", "Treść.")

    withdrawn.published_revision = None
    withdrawn.save()

    assert counts() == {"": 1, "vat": 1, "tresc": 1}


def test_rebuild_counts_the_published_articles_afresh(db):
    make_article("akcyza", "Akcyza", "Akcyza.", "Treść.")
    make_article("intro", "Intro", "Intro.", "Body.", language="en")
    SearchTermCount.objects.update(documents=7)
    SearchTermCount.objects.create(language="pl", term="widmo", documents=3)

    rebuild_index()

    assert counts() == {"": 1, "akcyza": 1, "tresc": 1}
    assert counts("en") == {"": 1, "intro": 1, "bodi": 1}
