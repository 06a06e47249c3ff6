"""The packages depend on each other one way: the shared layer (portal/lib) on no app, portal's
apps never on the knowledge base, and no two apps on each other. Read from the code's imports, so
a new arrow the wrong way fails here rather than in a newcomer's head."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Libraries: no Django app of their own (portal.ksef is the KSeF client, without Django).
LIBRARIES = ("portal.lib", "portal.ksef")
APPS = (
    "kb.search",
    "kb.errorlinks",
    "kb",
    "portal.checks",
    "portal.status",
    "portal.latarnia",
    "portal.simulator",
)


def _package(module: str) -> str | None:
    """The app or library a module belongs to; None for the project's own modules (settings,
    root URLs, the admin site), which sit above the apps."""
    for name in (*LIBRARIES, *APPS):
        if module == name or module.startswith(name + "."):
            return name
    return None


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _arrows() -> set[tuple[str, str, str]]:
    """(importing package, imported package, file) for every import between two packages."""
    arrows = set()
    for top in ("kb", "portal"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = _package(_module(path))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                for name in names:
                    target = _package(name)
                    if source and target and target != source:
                        arrows.add((source, target, str(path.relative_to(ROOT))))
    return arrows


def test_the_shared_layer_imports_no_app():
    wrong = [a for a in _arrows() if a[0] in LIBRARIES and a[1] in APPS]
    assert wrong == []


def test_portals_apps_never_import_the_knowledge_base():
    wrong = [a for a in _arrows() if a[0].startswith("portal.") and a[1].startswith("kb")]
    assert wrong == []


def test_no_two_apps_import_each_other():
    pairs = {(source, target) for source, target, _ in _arrows()}
    both_ways = sorted((a, b) for a, b in pairs if (b, a) in pairs and a < b)
    assert both_ways == []
