"""The project carries what its tests, benchmarks and scripts read: a fresh clone alone passes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCANNED = ["tests", "benchmarks", "docs", "packaging", ".ci", "src"]
# A path built to climb out of the checkout: the folder above the repository, `../` in a
# literal, or a parents[] index past the repository's root for a file at that depth.
ESCAPES = [re.compile(r"REPO\.parent"), re.compile(r"""["']\.\./"""), re.compile(r"\.\./shared")]


def _parents_index_escapes(path: Path, text: str) -> list[str]:
    root = len(path.relative_to(REPO).parts) - 1  # parents[root] is the repository
    return [m.group(0) for m in re.finditer(r"__file__\)\.resolve\(\)\.parents\[(\d+)\]", text)
            if int(m.group(1)) > root]  # fmt: skip


def test_no_file_of_the_project_reaches_beside_the_checkout():
    offenders = []
    for top in SCANNED:
        for path in (REPO / top).rglob("*"):
            if path.suffix not in {".py", ".sh", ".spec", ".toml"} and path.name != "run":
                continue
            if path == Path(__file__):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            found = [p.pattern for p in ESCAPES if p.search(text)]
            found += _parents_index_escapes(path, text)
            if found:
                offenders.append(f"{path.relative_to(REPO)}: {found}")
    assert offenders == [], "files that read outside the repository:\n" + "\n".join(offenders)


def test_the_real_exports_are_in_the_project_with_their_licences():
    data = REPO / "tests" / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    files = [p for p in data.rglob("*") if p.is_file() and "licences" not in p.parts]
    files.remove(data / "README.md")
    assert len(files) >= 15
    for f in files:
        assert f.name in readme or f.stem.split("-")[-1] in readme, f"{f} has no source in the README"
    for licence in re.findall(r"`licences/([^`]+)`", readme):
        assert (data / "licences" / licence).stat().st_size > 500, licence


def test_nothing_the_tests_opened_lies_beside_the_checkout():
    """The conftest's audit hook saw every file opened in this run; none was beside the repo."""
    conftest = sys.modules["tests.conftest"]
    assert conftest.OPENED_BESIDE == []
