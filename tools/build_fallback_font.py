"""``python -m tools.build_fallback_font HanaMinA.ttf [OUT]``: the PDFs' fallback kanji font.

BIZ UDGothic (the reports' font) lacks some kanji used in names (𠮷 U+20BB7 …). The fallback is a
subset of 花園明朝A (Hanazono Mincho A, Debian ``fonts-hanazono``, GlyphWiki Project, Hanazono
Font License or SIL OFL 1.1): every CJK ideograph it has that BIZ UDGothic lacks — the BMP
(URO, Ext A, compatibility ideographs) plus its SIP share (JIS X 0213 plane 2, IVD base
characters). TrueType outlines (reportlab cannot embed CFF); hinting and layout tables dropped;
renamed, so no reserved font name is reused. About 10 MB instead of 22 MB.

HanaMinB (all of Ext B–F) is 30 MB even as a subset and a TrueType font cannot hold both (65,535
glyphs), so it is not shipped; build it with ``--all-of-b`` into ``Fallback2-….ttf`` and
``app.reports.fonts`` picks up every ``Fallback*.ttf`` in ``resources/fonts`` in name order.

Get the source with ``apt-get download fonts-hanazono && dpkg-deb -x fonts-hanazono_*.deb x``.
Needs fontTools (a build-time tool only; the app never imports it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "resources" / "fonts" / "BIZUDGothic-Regular.ttf"
FAMILY = "FieldDesk Fallback Kanji"
PS_NAME = "FieldDeskFallbackKanji"
LICENCE = "Hanazono Font License or SIL Open Font License 1.1 (see LICENSE-Hanazono.txt)"


def is_cjk(cp: int) -> bool:
    return (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x2FA1F or 0x30000 <= cp <= 0x3134F)


def build(source: Path, out: Path, *, exclude: set[int] = frozenset(), suffix: str = "") -> int:
    main = set(TTFont(MAIN, lazy=True).getBestCmap())
    font = TTFont(source)
    wanted = [cp for cp in font.getBestCmap() if is_cjk(cp) and cp not in main and cp not in exclude]
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13]
    options.drop_tables += ["FFTM", "prop", "BASE", "vhea", "vmtx", "GSUB", "GDEF", "GPOS"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 13):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY + suffix, 1, 3, 1, 0x409)
    names.setName(f"{PS_NAME}{suffix.replace(' ', '')}-subset-of-Hanazono", 3, 3, 1, 0x409)
    names.setName(FAMILY + suffix, 4, 3, 1, 0x409)
    names.setName(PS_NAME + suffix.replace(" ", ""), 6, 3, 1, 0x409)
    names.setName(LICENCE, 13, 3, 1, 0x409)
    font.save(out)
    return len(wanted)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("source", type=Path, help="HanaMinA.ttf (or HanaMinB.ttf with --all-of-b)")
    p.add_argument("out", type=Path, nargs="?", default=ROOT / "resources/fonts/Fallback1-HanazonoSubset.ttf")
    p.add_argument("--all-of-b", type=Path, metavar="FALLBACK1",
                   help="source is HanaMinB: keep what FALLBACK1 lacks (writes a second fallback)")
    args = p.parse_args(argv)
    exclude: set[int] = set()
    suffix = ""
    if args.all_of_b:
        exclude = set(TTFont(args.all_of_b, lazy=True).getBestCmap())
        suffix = " 2"
    n = build(args.source, args.out, exclude=exclude, suffix=suffix)
    print(f"{args.out}: {n} characters, {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
