"""Side-by-side comparison of two revisions' text, line by line with changed words marked, as
plain data the template escapes, so nothing a writer typed turns into markup here."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

# Lines of unchanged text kept around each change; longer unchanged runs are folded.
CONTEXT_LINES = 3
_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

RowKind = Literal["equal", "replace", "delete", "insert", "skip"]


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool = False


@dataclass(frozen=True)
class Cell:
    number: int | None
    pieces: tuple[Piece, ...] = ()


@dataclass(frozen=True)
class Row:
    kind: RowKind
    left: Cell
    right: Cell
    skipped: int = 0  # for "skip" rows: how many unchanged lines are folded here


@dataclass(frozen=True)
class FieldDiff:
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(row.kind not in ("equal", "skip") for row in self.rows)

    @property
    def added(self) -> int:
        return sum(1 for row in self.rows if row.right.number and row.kind in ("insert", "replace"))

    @property
    def removed(self) -> int:
        return sum(1 for row in self.rows if row.left.number and row.kind in ("delete", "replace"))


def _word_pieces(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[Piece] = []
    right: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append(Piece("".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            right.append(Piece("".join(b[j1:j2]), tag != "equal"))
    return tuple(left), tuple(right)


def diff_lines(old: str, new: str, context: int = CONTEXT_LINES) -> list[Row]:
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(context))
    shown_upto = 0  # index into a after the last row shown, to count folded lines
    for group in groups:
        first_a = group[0][1]
        if first_a > shown_upto:
            rows.append(Row("skip", Cell(None), Cell(None), skipped=first_a - shown_upto))
        for tag, i1, i2, j1, j2 in group:
            # An unequal run pairs its lines side by side; lines past the shorter side are
            # deleted or inserted (a "delete" or "insert" run has no other side at all).
            for k in range(max(i2 - i1, j2 - j1)):
                old_line = a[i1 + k] if i1 + k < i2 else None
                new_line = b[j1 + k] if j1 + k < j2 else None
                if tag == "equal":
                    left, right = (Piece(a[i1 + k]),), (Piece(b[j1 + k]),)
                    rows.append(Row("equal", Cell(i1 + k + 1, left), Cell(j1 + k + 1, right)))
                elif old_line is not None and new_line is not None:
                    lp, rp = _word_pieces(old_line, new_line)
                    rows.append(Row("replace", Cell(i1 + k + 1, lp), Cell(j1 + k + 1, rp)))
                elif old_line is not None:
                    rows.append(
                        Row("delete", Cell(i1 + k + 1, (Piece(old_line, True),)), Cell(None))
                    )
                else:
                    assert new_line is not None
                    rows.append(
                        Row("insert", Cell(None), Cell(j1 + k + 1, (Piece(new_line, True),)))
                    )
        shown_upto = group[-1][2]
    if groups and shown_upto < len(a):
        rows.append(Row("skip", Cell(None), Cell(None), skipped=len(a) - shown_upto))
    return rows


def diff_fields(
    old: dict[str, str], new: dict[str, str], labels: dict[str, str]
) -> list[FieldDiff]:
    """One side-by-side diff per field (title, summary, body...), in the order of ``labels``."""
    return [
        FieldDiff(label, diff_lines(old.get(name, ""), new.get(name, "")))
        for name, label in labels.items()
    ]
