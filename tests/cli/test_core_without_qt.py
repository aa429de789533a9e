"""The core (everything but app.ui) runs and imports without Qt, and the import contracts hold."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers.paths import ROOT


def run_python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(tmp_path)], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def test_commands_run_with_pyside6_blocked(tmp_path):
    done = run_python("""
        import sys
        from pathlib import Path
        sys.modules["PySide6"] = None  # any `import PySide6...` now raises ImportError
        try:
            import PySide6.QtCore  # noqa: F401
        except ImportError:
            pass
        else:
            raise SystemExit("PySide6 was not blocked")
        from app.cli.main import main

        tmp = Path(sys.argv[1])
        data, out = str(tmp / "data"), tmp / "staff.csv"
        councils = str(tmp / "councils.csv")
        codes = {
            "demo": main(["--data-dir", data, "demo"]),
            "export": main(["--data-dir", data, "export", "staff", "--out", str(out)]),
            "export councils": main(["--data-dir", data, "export", "councils", "--out", councils]),
            "import": main(["--data-dir", str(tmp / "other"), "import", "councils", councils]),
            "re-import": main(["--data-dir", data, "import", "staff", str(out)]),
            "check": main(["--data-dir", data, "check"]),
        }
        print("codes", codes)
        assert sys.modules.get("PySide6", None) is None
        assert not any(name.startswith("app.ui") for name in sys.modules), "the UI was imported"
        raise SystemExit(0 if set(codes.values()) == {0} else 1)
    """, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "'demo': 0" in done.stdout and "'import': 0" in done.stdout and "'check': 0" in done.stdout
    assert (tmp_path / "staff.csv").stat().st_size > 0
    assert (tmp_path / "other" / "fielddesk.sqlite3").exists()


def test_every_core_module_imports_without_qt(tmp_path):
    done = run_python("""
        import importlib
        import pkgutil
        import sys

        import app

        # app.__main__ runs the program; migrations/env.py only runs inside Alembic.
        skip = {"app.__main__", "app.storage.migrations.env"}
        names = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")
                 if m.name not in skip and m.name != "app.ui" and not m.name.startswith("app.ui.")]
        for name in names:
            importlib.import_module(name)
        print(len(names), "modules")
        leaked = sorted(n for n in sys.modules if n == "PySide6" or n.startswith("PySide6."))
        assert not leaked, leaked
        assert "app.services.transfer.files" in sys.modules and "app.cli.main" in sys.modules
    """, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert int(done.stdout.split()[0]) > 20


def _contracts() -> int:
    import tomllib

    return len(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"])


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _contracts() >= 11 and f"{_contracts()} kept, 0 broken" in done.stdout


def test_a_tab_importing_another_tab_breaks_its_contract(tmp_path):
    """The feature contracts can fail: a copy of the tree where the attendance services import the
    survey's is refused, naming the contract."""
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    marking = tmp_path / "app" / "services" / "attendance" / "marking.py"
    marking.write_text(marking.read_text(encoding="utf-8") + "\nfrom app.services.survey import defs  # noqa\n",
                       encoding="utf-8")
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "attendance services import no other tab BROKEN" in done.stdout
    assert "app.services.attendance.marking -> app.services.survey.defs" in done.stdout
