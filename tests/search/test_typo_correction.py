"""A word the index has never seen is corrected to the nearest form it has."""

from __future__ import annotations

from kb.search.vocabulary import Vocabulary

VOCABULARY = Vocabulary(
    [
        ("uprawnienia", "uprawnienie"),
        ("uprawnien", "uprawnienie"),
        ("sesja", "sesja"),
        ("sesji", "sesja"),
        ("token", "token"),
        ("tokeny", "token"),
    ]
)


def test_transposed_letters_count_as_one_edit():
    assert VOCABULARY.closest("uprawnienai", 1) == "uprawnienia"


def test_two_edits_are_corrected_when_allowed():
    assert VOCABULARY.closest("uprawneinai", 2) == "uprawnienia"
    assert VOCABULARY.closest("uprawneinai", 1) is None


def test_ties_go_to_the_form_closest_in_length():
    assert VOCABULARY.closest("tokenx", 1) == "tokeny"


def test_nothing_within_reach_gives_none():
    assert VOCABULARY.closest("kwarantanna", 2) is None


def test_forms_map_to_the_terms_they_were_indexed_as():
    assert VOCABULARY.terms_for("uprawnien") == frozenset({"uprawnienie"})
    assert VOCABULARY.terms_for("sesja") == frozenset({"sesja"})


def test_completions_cover_forms_starting_with_the_prefix():
    assert VOCABULARY.completions("upraw", 10) == frozenset({"uprawnienie"})
    assert VOCABULARY.completions("ses", 10) == frozenset({"sesja"})
    assert VOCABULARY.completions("xyz", 10) == frozenset()
