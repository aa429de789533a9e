"""Test modules share code through tests/helpers only: a test module that imports another test
module (or a helper from conftest) runs that module's fixtures and set-up in a second place, and
breaks when the other module is renamed. The benchmarks keep their own modules (tests/bench)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.paths import ROOT

ALLOWED = ("tests.helpers", "tests.bench")


def foreign_imports(path: Path) -> list[str]:
    """``file:line module`` for each import of a ``tests`` module outside tests.helpers/bench."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        names = ([node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                 else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
        for name in names:
            if (name == "tests" or name.startswith("tests.")) and not name.startswith(ALLOWED):
                out.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{node.lineno} {name}")
    return out


def test_test_modules_import_only_helpers():
    files = [p for p in (ROOT / "tests").rglob("*.py") if "bench" not in p.parts] + list((ROOT / "tools").rglob("*.py"))
    assert [hit for f in files for hit in foreign_imports(f)] == []


def test_the_check_sees_a_test_module_importing_another(tmp_path):
    bad = tmp_path / "test_bad.py"
    bad.write_text("from tests.gui.test_attendance_tab import hall_data\nimport tests.conftest\n"
                   "from tests.helpers.attendance import Clock\n", encoding="utf-8")
    assert [h.split(" ")[1] for h in foreign_imports(bad)] == ["tests.gui.test_attendance_tab", "tests.conftest"]
