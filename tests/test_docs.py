"""The documentation holds together: the README stays a short start page, every relative link and
picture in the Markdown files resolves to a file of the repo, and every doc a docstring or comment
cites exists. No Qt."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README_LIMIT = 10_240  # bytes

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto: …

# A doc path cited in code: docs/…/name.md, or a bare upper-case name such as the design's notes.
CITED_DOC = re.compile(r"(?<![\w/.-])docs/[A-Za-z0-9_/.-]+\.md(?![\w])")
CITED_BARE = re.compile(r"(?<![\w/.-])[A-Z]+\.md(?![\w])")
CODE_FOLDERS = ("app", "tests", "tools", "installer")
CODE_SUFFIXES = {".py", ".spec"}


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def links(text: str) -> list[str]:
    """Link and image targets outside code blocks and code spans."""
    text = CODE_SPAN.sub("", FENCE.sub("", text))
    return LINK.findall(text)


def broken_links(path: Path) -> list[str]:
    problems = []
    for target in links(path.read_text(encoding="utf-8")):
        if EXTERNAL.match(target) or target.startswith("#"):
            continue
        relative = target.split("#", 1)[0].split("?", 1)[0]
        if not (path.parent / relative).exists():
            problems.append(f"{path.relative_to(ROOT)}: {target}")
    return problems


def cited_docs() -> dict[str, list[str]]:
    """Each cited doc path → where it is cited (file:line)."""
    cited: dict[str, list[str]] = {}
    for folder in CODE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in CODE_SUFFIXES or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for name in CITED_DOC.findall(line) + CITED_BARE.findall(line):
                    cited.setdefault(name, []).append(f"{path.relative_to(ROOT)}:{number}")
    return cited


def test_the_readme_is_a_short_start_page():
    size = (ROOT / "README.md").stat().st_size
    assert size <= README_LIMIT, f"README.md is {size} bytes; move detail under docs/ (limit {README_LIMIT})"


def test_every_relative_link_and_picture_in_the_docs_resolves():
    files = markdown_files()
    assert len(files) > 10
    problems = [p for path in files for p in broken_links(path)]
    assert problems == [], "\n".join(problems)


def test_the_link_finder_sees_links_and_skips_code():
    text = "[a](x.md) ![b](img/y.png \"title\") [c](https://e.org) `[d](no.md)`\n```\n[e](no2.md)\n```\n"
    assert links(text) == ["x.md", "img/y.png", "https://e.org"]


def test_every_doc_cited_in_the_code_exists():
    """A name without a folder counts only if the repo root holds it (README.md does)."""
    missing = {name: places for name, places in cited_docs().items() if not (ROOT / name).is_file()}
    report = [f"{name}: cited at {', '.join(places)}" for name, places in sorted(missing.items())]
    assert missing == {}, "\n".join(report)
