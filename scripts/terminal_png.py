#!/usr/bin/env python3
"""Render a tmux pane, as `tmux capture-pane -e -p` prints it, to a PNG (docs/img/).

    tmux capture-pane -e -p -t SESSION > pane.txt
    python scripts/terminal_png.py pane.txt docs/img/assess-terminal.png

Reads the text with its SGR escapes (colours, bold, reverse video: all that
capture-pane emits) and draws each cell in DejaVu Sans Mono, light on dark as
in a usual terminal. Needs Pillow, which is not a tlcriteria dependency
(`pip install pillow` in any environment); the fonts come from Debian's
fonts-dejavu-core.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 15
BACKGROUND, FOREGROUND = (30, 30, 30), (220, 220, 220)
# The 8 basic colours and their bright forms (xterm's defaults).
PALETTE = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]  # fmt: skip
ESCAPE = re.compile(r"\x1b\[([0-9;]*)m")


def cells(line: str) -> list[tuple[str, dict[str, object]]]:
    """Each character of a line with its style (fg, bg, bold, reverse)."""
    style: dict[str, object] = {"fg": None, "bg": None, "bold": False, "reverse": False}
    out: list[tuple[str, dict[str, object]]] = []
    position = 0
    for match in ESCAPE.finditer(line):
        out += [(c, dict(style)) for c in line[position : match.start()]]
        position = match.end()
        codes = [int(c) for c in match.group(1).split(";") if c] or [0]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code == 0:
                style = {"fg": None, "bg": None, "bold": False, "reverse": False}
            elif code == 1:
                style["bold"] = True
            elif code == 22:
                style["bold"] = False
            elif code == 7:
                style["reverse"] = True
            elif code == 27:
                style["reverse"] = False
            elif 30 <= code <= 37 or 90 <= code <= 97:
                style["fg"] = PALETTE[code - 30 if code < 90 else code - 82]
            elif 40 <= code <= 47 or 100 <= code <= 107:
                style["bg"] = PALETTE[code - 40 if code < 100 else code - 92]
            elif code == 39:
                style["fg"] = None
            elif code == 49:
                style["bg"] = None
            elif code in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                style["fg" if code == 38 else "bg"] = PALETTE[codes[i + 2] % 16]
                i += 2
            elif code in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                style["fg" if code == 38 else "bg"] = tuple(codes[i + 2 : i + 5])
                i += 4
            i += 1
    out += [(c, dict(style)) for c in line[position:]]
    return out


def render(text: str, target: Path) -> None:
    lines = text.rstrip("\n").split("\n")
    while lines and not ESCAPE.sub("", lines[-1]).strip():
        lines.pop()
    regular, bold = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    width = round(regular.getlength("M"))
    height = SIZE + 5
    columns = max(len(ESCAPE.sub("", line)) for line in lines)
    margin = 12
    image = Image.new("RGB", (columns * width + 2 * margin, len(lines) * height + 2 * margin), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        for column, (char, style) in enumerate(cells(line)):
            fg = style["fg"] or FOREGROUND
            bg = style["bg"] or BACKGROUND
            if style["reverse"]:
                fg, bg = bg, fg
            x, y = margin + column * width, margin + row * height
            if bg != BACKGROUND:
                draw.rectangle([x, y, x + width - 1, y + height - 1], fill=bg)  # type: ignore[arg-type]
            draw.text((x, y + 2), char, font=bold if style["bold"] else regular, fill=fg)  # type: ignore[arg-type]
    image.save(target)


if __name__ == "__main__":
    render(Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2]))
