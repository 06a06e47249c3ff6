"""docs/operators.md lists every environment variable portal/settings.py reads, so the two stay in
step: a variable added to the settings without a line in the docs fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = {"envstr", "envint", "envbool", "envlist"}


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else ""


def variables_read_in_settings() -> set[str]:
    """The names passed to the env*() helpers, and to the settings' own helpers (the KSeF and
    Latarnia URLs) that hand a name they were given on to envstr."""
    tree = ast.parse((ROOT / "portal" / "settings.py").read_text())
    helpers = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    found = set()
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        name = _name(call)
        if name in READERS and isinstance(call.args[0], ast.Constant):
            found.add(call.args[0].value)
        elif name in helpers:
            found |= {
                a.value for a in call.args if isinstance(a, ast.Constant) and a.value.isupper()
            }
    # A name read through a variable must come from a helper's parameter, or it is not seen here.
    for helper in helpers.values():
        parameters = {arg.arg for arg in helper.args.args}
        for call in (node for node in ast.walk(helper) if isinstance(node, ast.Call)):
            if _name(call) in READERS and not isinstance(call.args[0], ast.Constant):
                assert isinstance(call.args[0], ast.Name) and call.args[0].id in parameters
    return found


def test_the_scan_finds_the_variables_of_every_kind_of_read():
    # Guards the scan itself: were it to find nothing, the test below could not fail.
    found = variables_read_in_settings()

    assert {"SECRET_KEY", "DEBUG", "Q_WORKERS", "KSEF_DEMO_URL", "KSEF_LATARNIA_PROD_URL"} <= found
    assert "INFO" not in found  # a default value, not a variable


def test_every_variable_the_settings_read_is_in_the_operators_doc():
    doc = (ROOT / "docs" / "operators.md").read_text()

    missing = sorted(name for name in variables_read_in_settings() if f"`{name}`" not in doc)

    assert missing == []
