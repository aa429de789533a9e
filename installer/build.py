"""Build the FieldDesk bundle with PyInstaller, then smoke-test the frozen program.

    python installer/build.py [--dist DIR] [--work DIR] [--no-smoke] [--smoke-only]

The same script runs on the IT desk's Windows PC (before Inno Setup) and in CI (from
tests/installer, on Linux). The smoke test uses the frozen program only, on a fresh data folder
and a fresh cache folder, exactly as a first start on a new laptop:
  1. ``--version`` prints this source tree's version;
  2. ``gui --self-test`` opens the window offscreen, paints every tab and exits 0;
  3. the sample CSVs carried in the bundle (CP932, Japanese headers) import;
  4. ``check`` passes on the store that made;
  5. ``report participation`` writes a PDF whose Japanese font is embedded, and whose text reads
     back (with pypdf when it is installed, as in CI).
Exit 0 when everything passed; 1 with the failing step's output otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "fielddesk.spec"
SIZE_GOAL = 150_000_000  # bytes, the goal for the unpacked bundle
WINDOWS = sys.platform == "win32"
SAMPLES = ("councils", "staff", "meetings", "attendance")  # in the order they refer to each other


def source_version() -> str:
    sys.path.insert(0, str(ROOT))
    from app import __version__

    return __version__


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; return the bundle folder."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)], cwd=ROOT, check=True)
    print(f"build: {time.perf_counter() - started:.0f} s → {dist / 'fielddesk'}")
    return dist / "fielddesk"


def bundle_size(bundle: Path) -> int:
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def cli_program(bundle: Path) -> Path:
    return bundle / ("fielddesk-cli.exe" if WINDOWS else "fielddesk")


class SmokeFailed(Exception):
    pass


def _run(program: Path, args: list[str], env: dict[str, str], step: str) -> str:
    result = subprocess.run([str(program), *args], env=env, capture_output=True, text=True,
                            encoding="utf-8", errors="replace", timeout=180)
    if result.returncode != 0:
        raise SmokeFailed(f"{step}: exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    print(f"smoke: {step} ok")
    return result.stdout + result.stderr


def _check_pdf(pdf: Path, expect_text: str) -> None:
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF") or b"/FontFile2" not in data or b"BIZUDGothic" not in data:
        raise SmokeFailed(f"report: {pdf} is not a PDF with the embedded BIZ UDGothic font")
    try:
        from pypdf import PdfReader
    except ImportError:
        return  # the IT desk's build PC may not have pypdf; the byte check above still ran
    text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    if expect_text not in text:
        raise SmokeFailed(f"report: {expect_text!r} not found in the text of {pdf}")


def _council_of_first_resident(samples: Path) -> str:
    """The name the participation report must print: the council of a housing resident."""
    import csv

    def rows(kind: str) -> list[list[str]]:
        return list(csv.reader((samples / f"{kind}.csv").read_text(encoding="cp932").splitlines()))[1:]

    code = next(row[5] for row in rows("staff") if row[4])
    return next(row[1] for row in rows("councils") if row[0] == code)


def smoke(bundle: Path) -> None:
    """Raise SmokeFailed unless the frozen program passes every step (see the module docstring)."""
    program = cli_program(bundle)
    with tempfile.TemporaryDirectory(prefix="fielddesk-smoke-") as tmp:
        root = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache"), "LOCALAPPDATA": str(root / "appdata"),
               "FIELDDESK_DATA_DIR": str(root / "data"), "PYTHONUTF8": "1"}
        env.pop("PYTHONPATH", None)  # the bundle must not borrow modules from the source tree
        if not WINDOWS and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        version = _run(program, ["--version"], env, "version").strip()
        if source_version() not in version:
            raise SmokeFailed(f"version: the bundle says {version!r}, the source {source_version()!r}")
        _run(program, ["gui", "--self-test"], env, "gui --self-test")
        samples = bundle / "_internal" / "resources" / "samples"
        for kind in SAMPLES:
            _run(program, ["import", kind, str(samples / f"{kind}.csv")], env, f"import {kind}")
        _run(program, ["check"], env, "check")
        keys = _run(program, ["--lang", "en", "key", "status"], {k: v for k, v in env.items()
                                                                 if k != "PYTHON_KEYRING_BACKEND"}, "key status")
        if "ward key" not in keys:  # the credential store and the cipher load in the frozen program
            raise SmokeFailed(f"key status: {keys!r}")
        pdf = root / "participation.pdf"
        _run(program, ["report", "participation", "--fiscal-year", "2025", "--out", str(pdf)], env, "report")
        _check_pdf(pdf, _council_of_first_resident(samples))
        print("smoke: report has the embedded Japanese font and reads back")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    parser.add_argument("--smoke-only", action="store_true", help="test the bundle already in --dist")
    args = parser.parse_args(argv)
    bundle = args.dist / "fielddesk" if args.smoke_only else build(args.dist, args.work)
    size = bundle_size(bundle)
    verdict = "within" if size <= SIZE_GOAL else "OVER"
    print(f"size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB), {verdict} the {SIZE_GOAL / 1e6:.0f} MB goal")
    if not args.no_smoke:
        try:
            smoke(bundle)
        except (SmokeFailed, subprocess.TimeoutExpired) as exc:
            print(f"smoke test FAILED: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
