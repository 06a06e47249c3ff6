from __future__ import annotations

from kb.diffing import diff_fields, diff_lines


def _texts(cell):  # type: ignore[no-untyped-def]
    return [(p.text, p.changed) for p in cell.pieces]


def test_changed_words_are_marked_on_both_sides():
    rows = diff_lines("Poczekaj 5 minut.\nDalej.", "Poczekaj 15 minut.\nDalej.")
    assert rows[0].kind == "replace"
    assert ("5", True) in _texts(rows[0].left)
    assert ("15", True) in _texts(rows[0].right)
    assert ("Poczekaj ", False) in _texts(rows[0].left)
    assert rows[1].kind == "equal"


def test_added_and_removed_lines_are_marked():
    rows = diff_lines("a\nb\nc", "a\nc\nd")
    kinds = [(r.kind, r.left.number, r.right.number) for r in rows]
    assert ("delete", 2, None) in kinds
    assert ("insert", None, 3) in kinds


def test_long_unchanged_runs_are_folded():
    old = "\n".join(f"linia {i}" for i in range(30))
    new = old.replace("linia 15", "linia piętnaście")
    rows = diff_lines(old, new)
    skips = [r.skipped for r in rows if r.kind == "skip"]
    assert skips == [12, 11]
    assert len([r for r in rows if r.kind == "equal"]) == 6


def test_field_diff_reports_unchanged_fields():
    diffs = diff_fields(
        {"title": "Tytuł", "body": "x"},
        {"title": "Tytuł", "body": "y"},
        {"title": "T", "body": "B"},
    )
    assert [(d.label, d.changed) for d in diffs] == [("T", False), ("B", True)]
    assert (diffs[1].added, diffs[1].removed) == (1, 1)
