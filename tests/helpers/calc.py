"""LibreOffice Calc, headless, as the spreadsheet a member of staff opens our files with.

Each conversion opens the file the way a Japanese desktop's Calc does (CSV in UTF-8, comma,
language ja-JP, so dates and times are read as Calc reads them there) and saves it again. A
private profile keeps it apart from any other soffice running on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CSV_IN = "CSV:44,34,76,1,,1041"  # comma, double quote, UTF-8, from row 1, language ja-JP
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def calc_save_as(sources: list[Path], fmt: str, outdir: Path, profile: Path) -> list[Path]:
    """Open each of ``sources`` in Calc and save it as ``fmt`` ('csv' or 'xlsx') in ``outdir``."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    out = []
    for source in sources:
        argv = [program, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless"]
        if source.suffix.lower() == ".csv":
            argv.append(f"--infilter={CSV_IN}")
        argv += ["--convert-to", CSV_OUT if fmt == "csv" else fmt, "--outdir", str(outdir), str(source)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
        target = outdir / f"{source.stem}.{fmt}"
        if done.returncode != 0 or not target.exists():
            raise RuntimeError(f"soffice did not convert {source}: {done.stdout} {done.stderr}")
        out.append(target)
    return out
