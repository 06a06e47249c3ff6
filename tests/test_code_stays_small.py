"""Size limits a newcomer can read within: no module in kb/ or portal/ over 500 lines, no function
of 80 lines or more, no module docstring of 10 lines or more. A data table (a function that
returns one literal list or dict of entries, after a few lines that name what the entries share)
is a table, not logic, and may be long."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 79
MAX_DOCSTRING_LINES = 9
# What a data table may do before its literal: name the values its entries share.
MAX_LINES_BEFORE_TABLE = 15
# Inside a table, entries are values and calls that build them, not computation.
LOGIC = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.IfExp)


def _modules() -> Iterator[Path]:
    for package in ("kb", "portal"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_the_limits_read_the_project_s_modules() -> None:
    found = {str(path.relative_to(ROOT)) for path in _modules()}

    assert {"portal/checks/diagnosis.py", "kb/rendering.py"} <= found
    assert not any("/migrations/" in path for path in found)


def _lines(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]


def _is_data_table(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    last = function.body[-1]
    return (
        isinstance(last, ast.Return)
        and isinstance(last.value, ast.List | ast.Dict)
        and _lines(function) - _lines(last) <= MAX_LINES_BEFORE_TABLE
        and not any(isinstance(node, LOGIC) for node in ast.walk(last.value))
    )


def test_no_module_is_over_500_lines() -> None:
    too_long = {
        str(path.relative_to(ROOT)): count
        for path in _modules()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_function_reaches_80_lines_except_data_tables() -> None:
    too_long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and _lines(node) > MAX_FUNCTION_LINES
                and not _is_data_table(node)
            ):
                too_long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = _lines(node)
    assert too_long == {}


def test_module_docstrings_stay_under_10_lines() -> None:
    too_long = {}
    for path in _modules():
        docstring = ast.get_docstring(ast.parse(path.read_text()), clean=False)
        if docstring and len(docstring.splitlines()) > MAX_DOCSTRING_LINES:
            too_long[str(path.relative_to(ROOT))] = len(docstring.splitlines())
    assert too_long == {}


def _function(source: str) -> ast.FunctionDef:
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    return function


def test_the_data_table_rule_tells_a_table_from_logic() -> None:
    entries = "        Entry(1, 'a'),\n" * 90
    assert _is_data_table(_function(f"def f():\n    x = 1\n    return [\n{entries}    ]\n"))
    # Statements ending in a short literal.
    assert not _is_data_table(_function("def f():\n" + "    x = 1\n" * 90 + "    return [x]\n"))
    # Long logic ahead of a long table.
    ahead = "    x = 1\n" * 20
    assert not _is_data_table(_function(f"def f():\n{ahead}    return [\n{entries}    ]\n"))
    # Computation inside the literal.
    comprehension = "        sum(y for y in xs),\n" * 90
    assert not _is_data_table(_function(f"def f():\n    return [\n{comprehension}    ]\n"))
    # A tuple is not a table.
    assert not _is_data_table(_function(f"def f():\n    return (\n{entries}    )\n"))
