"""The layers point one way, and only the window imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "fbdesk"
ALLOWED = {
    "domain": {"domain"},
    "io": {"domain", "io"},
    "analysis": {"domain", "analysis"},
    "store": {"domain", "store"},
    "report": {"domain", "report"},
    "services": {"domain", "io", "analysis", "store", "report", "services"},
    "ui": {"domain", "services", "ui"},  # the window goes through services/ only
}
QT = ("PySide6", "pyqtgraph", "shiboken6")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_layers_point_one_way():
    offences = []
    for layer, allowed in ALLOWED.items():
        for path in (SRC / layer).rglob("*.py"):
            for name in imports_of(path):
                parts = name.split(".")
                layered = parts[0] == "fbdesk" and len(parts) > 1 and parts[1] in {*ALLOWED, "ui"}
                if layered and parts[1] not in allowed:
                    offences.append(f"{path.relative_to(SRC)} imports {name}")
                if parts[0] in QT and layer != "ui":
                    offences.append(f"{path.relative_to(SRC)} imports {name}")
    assert offences == []


def test_only_the_window_imports_qt():
    offences = [
        f"{p.relative_to(SRC)} imports {n}"
        for p in SRC.rglob("*.py")
        if "ui" not in p.relative_to(SRC).parts
        for n in imports_of(p)
        if n.split(".")[0] in QT
    ]
    assert offences == []


DOOR = {"session.py", "runner.py"}  # the only modules of the window that hold the workspace


def test_only_the_session_and_the_runner_hold_the_workspace():
    """No widget or controller keeps the workspace or its connection, or opens one: they ask
    the runner, whose thread owns the connection, and hear from the session what changed."""
    offences = []
    for path in (SRC / "ui").rglob("*.py"):
        if path.name in DOOR:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute) and node.attr in ("ws", "conn"):
                offences.append(f"{where} uses .{node.attr}")
            elif isinstance(node, ast.ImportFrom):
                names = {a.name for a in node.names}
                if names & {"Workspace", "open_workspace"}:
                    offences.append(f"{where} imports {', '.join(sorted(names))}")
            elif isinstance(node, ast.Name) and node.id == "Workspace":
                offences.append(f"{where} names Workspace")
    assert offences == []


def service_imports(path: Path) -> set[str]:
    """The services a service module imports, at its top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from fbdesk.services import review`` names a module; so does ``from x import y``
            found = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in found:
            parts = name.split(".")
            service = parts[:2] == ["fbdesk", "services"] and len(parts) > 2
            if service and (SRC / "services" / f"{parts[2]}.py").exists():
                names.add(parts[2])
    return names - {path.stem}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_services():
    """A service may use another, never the other way round too (imports inside functions
    count: they are how cycles hide)."""
    graph = {p.stem: service_imports(p) for p in (SRC / "services").glob("*.py")}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
