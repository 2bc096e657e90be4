"""No import circles in the Qt layer: the window imports its pages, never the reverse.

Every import counts, also those inside functions and under TYPE_CHECKING: a circle that
only type checkers follow still ties the modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parent.parent / "desktop_app" / "gui"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "desktop_app.gui":
                found.update(f"desktop_app.gui.{a.name}" for a in node.names)
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m.rsplit(".", 1)[-1] for m in found if m.startswith("desktop_app.gui.")}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_circle_in_the_gui():
    graph = {p.stem: _imports(p) - {p.stem} for p in GUI.glob("*.py")}
    assert "window" in graph["app"]  # the graph is read at all
    assert "pages" in graph["window"]
    assert _cycle(graph) is None, _cycle(graph)


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
