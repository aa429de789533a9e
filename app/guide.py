"""The user guide (``docs/guide/<language>.md``): where it is, its chapters and its pictures.

Qt-free, so the PyInstaller spec can use it too: the bundle carries the guides and only the
pictures they show, at the same relative layout under ``_internal/docs/`` as in the source tree,
so one relative image path (``../main_window.png``) works in both places.
"""

from __future__ import annotations

import re
from pathlib import Path

CHAPTER = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def docs_dir() -> Path:
    """``docs/`` beside the package in a source tree, or inside a PyInstaller bundle."""
    from app.paths import shipped_root

    return shipped_root() / "docs"


def guide_file(language: str) -> Path:
    """The guide in ``language``, or the Japanese one when there is none in that language."""
    from app.i18n import DEFAULT_LANGUAGE  # here, so that the PyInstaller spec imports no catalogue

    folder = docs_dir() / "guide"
    path = folder / f"{language}.md"
    return path if path.is_file() else folder / f"{DEFAULT_LANGUAGE}.md"


def chapters(text: str) -> list[str]:
    """The ``##`` headings, in order (a ``##`` inside a code block is not a chapter)."""
    return CHAPTER.findall(FENCE.sub("", text))


def images(text: str) -> list[str]:
    """The pictures the guide shows, as written (relative to the guide's folder), in order."""
    return IMAGE.findall(text)


def bundle_files(docs: Path) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` entries: every guide and each picture one of them shows."""
    guide = docs / "guide"
    out: dict[str, str] = {}
    for md in sorted(guide.glob("*.md")):
        out[str(md)] = "docs/guide"
        for ref in images(md.read_text(encoding="utf-8")):
            picture = (guide / ref).resolve()
            if not picture.is_file() or docs.resolve() not in picture.parents:
                raise FileNotFoundError(f"{md.name}: the picture {ref} is not a file under {docs}")
            out[str(picture)] = (Path("docs") / picture.parent.relative_to(docs.resolve())).as_posix()
    return sorted(out.items())
