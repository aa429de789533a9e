"""What a records office checks in a PDF: every font a page can use is embedded, and the file is
structurally sound. Read with pypdf (always) and poppler's ``pdffonts`` / ``qpdf --check`` (when
installed), so the verdict does not rest on one reader."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

EMBEDDED = ("/FontFile", "/FontFile2", "/FontFile3")


def _is_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn by the PDF itself
    if font.get("/Subtype") == "/Type0":
        return all(_is_embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor.get_object() for key in EMBEDDED)


def _fonts_of(resources, seen: set[int], out: dict[str, bool]) -> None:
    """Font resources of a page, and of the forms (XObjects) it draws, recursively."""
    if resources is None:
        return
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        out[str(font.get("/BaseFont"))] = out.get(str(font.get("/BaseFont")), True) and _is_embedded(font)
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if id(xobject) in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(id(xobject))
        _fonts_of(xobject.get("/Resources"), seen, out)


def pypdf_fonts(path: Path) -> dict[str, bool]:
    """Every font name any page references → whether it is embedded."""
    out: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        _fonts_of(page.get("/Resources"), set(), out)
    return out


def pdffonts_unembedded(path: Path) -> list[str] | None:
    """Names poppler lists with ``emb no``; None when pdffonts is not installed."""
    if shutil.which("pdffonts") is None:
        return None
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header = lines[0]
    emb = header.index(" emb ") + 1
    return [line.split()[0] for line in lines[2:] if line[emb:emb + 3] == "no "]


def qpdf_problems(path: Path) -> str | None:
    """qpdf --check's complaints ('' when clean); None when qpdf is not installed."""
    if shutil.which("qpdf") is None:
        return None
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    if done.returncode == 0 and "No syntax or stream encoding errors" in done.stdout:
        return ""
    return (done.stdout + done.stderr).strip() or f"exit {done.returncode}"


def font_problems(path: Path) -> list[str]:
    """Everything wrong with the PDF's fonts or structure, as messages (empty = acceptable)."""
    problems = [f"{path.name}: {name} is not embedded (pypdf)" for name, ok in pypdf_fonts(path).items() if not ok]
    if not pypdf_fonts(path):
        problems.append(f"{path.name}: no fonts at all")
    poppler = pdffonts_unembedded(path)
    problems += [f"{path.name}: {name} is not embedded (pdffonts: emb no)" for name in poppler or ()]
    qpdf = qpdf_problems(path)
    if qpdf:
        problems.append(f"{path.name}: qpdf --check: {qpdf}")
    return problems
