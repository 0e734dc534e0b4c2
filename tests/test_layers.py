"""The layers point one way, and only the window imports Qt."""

from __future__ import annotations

import ast
import re
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
# A statement, not a word that opens a sentence: each keyword with what must follow it. A
# SELECT or WITH must also be one SQLite can parse (a cut-off one counts: queries are built in
# pieces), so "Select the feedback to split off first." is words.
SQL = re.compile(
    r"""^\s*(?:
        (?P<query>(?:select|with)\b.*\bfrom\b)
      | select\s*$
      | with\s+(?:recursive\s+)?\w+(?:\s*\([^)]*\))?\s+as\s*\(
      | (?:insert|replace)\s+(?:or\s+\w+\s+)?into\b
      | update\s+(?:or\s+\w+\s+)?\w+\s+set\b
      | delete\s+from\b
      | (?:create|drop)\s+(?:unique\s+|temp\w*\s+|virtual\s+)?(?:table|index|view|trigger)\b
      | alter\s+table\b
      | pragma\s+\w+
      | (?:begin|commit|rollback)(?:\s+(?:deferred|immediate|exclusive))?(?:\s+transaction)?\s*;?\s*$
      | end\s+transaction\s*;?\s*$
      | (?:savepoint|release(?:\s+savepoint)?|rollback\s+to(?:\s+savepoint)?)\s+\w+\s*;?\s*$
      | vacuum\b(?:\s+into\b.*)?\s*;?\s*$
      | (?:attach|detach)\s+(?:database\s+)?\S+
    )""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


def is_sql(*readings: str) -> bool:
    """Whether a string is an SQL statement; an f-string comes as its readings with the fields
    left empty and filled with a name."""
    import sqlite3

    shape = SQL.match(readings[0])
    if shape is None or not shape.group("query"):
        return shape is not None
    probe = sqlite3.connect(":memory:")
    try:
        for text in readings:
            try:
                probe.execute(f"EXPLAIN {text}")
                return True
            except sqlite3.Error as exc:  # no such table, incomplete input: it parsed as SQL
                if "syntax error" not in str(exc):
                    return True
        return False
    finally:
        probe.close()


def sql_strings(path: Path) -> list[str]:
    """String literals (an f-string read with its fields left empty, or filled) that are SQL."""
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if id(node) in pieces:  # read with the f-string it is part of
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            readings = [node.value]
        elif isinstance(node, ast.JoinedStr):
            readings = ["".join(v.value if isinstance(v, ast.Constant) else fill
                                for v in node.values) for fill in ("", " x ")]  # fmt: skip
        else:
            continue
        if is_sql(*readings):
            out.append(
                f"{path.relative_to(SRC)}:{node.lineno}: {' '.join(readings[0].split())[:60]}"
            )
    return sorted(out)


def test_what_counts_as_sql():
    for sql in (
        "SELECT id FROM feedback",
        "select count(*)\n from audit",
        "SELECT",
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
        "update classification set why = ?",
        "DELETE FROM setting WHERE key = ?",
        "CREATE TABLE t (a)",
        "create unique index i on t(a)",
        "PRAGMA user_version",
        "BEGIN IMMEDIATE",
        "commit",
        "END TRANSACTION",
        "savepoint edit",
        "release edit",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "ALTER TABLE feedback ADD COLUMN x",
    ):
        assert is_sql(sql), sql
    for words in (
        "Select the feedback to split off first.",
        "Update fbdesk to open it",
        "Delete the stray cells far from the data",
        "with technical evidence",
        "Insert or update one improvement's fields",
        "replace",
        "explain",
        "Drop a single word shown inside a bigram",
        "Begin with the latest cycle",
        "Replace the areas a series serves",
        "Create a workspace first",
        "end",
        "Select the items from which to learn",
    ):
        assert not is_sql(words), words


def test_sql_only_in_the_store():
    """Statements are written, and sqlite3 imported, only in store/: a service asks the store
    by name, so the workspace could sit in another database engine behind the same door."""
    offences = []
    for path in SRC.rglob("*.py"):
        if path.relative_to(SRC).parts[0] == "store":
            continue
        offences += [f"{path.relative_to(SRC)} imports {n}" for n in imports_of(path)
                     if n.split(".")[0] == "sqlite3"]  # fmt: skip
        offences += sql_strings(path)
    assert offences == []


def test_no_module_over_500_lines():
    long = [f"{p.relative_to(SRC)}: {n}" for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500]  # fmt: skip
    assert long == []


def test_each_store_module_under_its_own_name():
    """A service reads ``improvements.links(...)``, never ``store.links(...)`` of whichever store
    module it happened to import as ``store``; and no store module shares its name with a
    module of another layer, so a name says which layer it is."""
    aliased = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "fbdesk.store":
                aliased += [f"{path.relative_to(SRC)}: {a.name} as {a.asname}"
                            for a in node.names if a.asname]  # fmt: skip
    assert aliased == []
    store = {p.stem for p in (SRC / "store").glob("*.py")} - {"__init__"}
    elsewhere = {p.stem for p in SRC.rglob("*.py") if p.parent.name != "store"}
    assert store & elsewhere == {"workspace"}  # the file (store) and its use cases (services)
