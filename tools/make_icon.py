"""Draws the FieldDesk icon (resources/icons/fielddesk.png and .ico) with Pillow.

Kept as code so the icon can be changed and re-made without a drawing program:
``python -m tools.make_icon``. A teal tile (the ward's community colour in our screens) with a
white map pin holding a check mark: a checklist ticked in the field.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
TEAL = (0, 105, 92, 255)
WHITE = (255, 255, 255, 255)
SIZE = 1024  # drawn large, scaled down smoothly


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((32, 32, SIZE - 32, SIZE - 32), radius=200, fill=TEAL)
    cx, cy, r = SIZE // 2, 420, 250  # the pin: a circle over a point
    d.polygon([(cx - 200, cy + 150), (cx + 200, cy + 150), (cx, 900)], fill=WHITE)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    d.line([(cx - 120, cy + 5), (cx - 30, cy + 95), (cx + 130, cy - 95)], fill=TEAL, width=72, joint="curve")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(OUT / "fielddesk.png")
    big.resize((256, 256), Image.LANCZOS).save(
        OUT / "fielddesk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'fielddesk.png'} and {OUT / 'fielddesk.ico'}")


if __name__ == "__main__":
    main()
