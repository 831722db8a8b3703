"""The characters the PDF can print: `python -m tests.tekens` (or `make tekens`) writes
`fonts/tekens.txt` from the fonts in `fonts/`.

Run it after adding, removing or updating a font. `stj_factsheet.load.glyphs` reads the file at
run time (so fontTools is needed only here); tests/test_glyphs.py checks that the committed
file matches the fonts.

Typst picks, per family in the template's font list, the style closest to the one asked
for, and the template turns Typst's own fallback fonts off. So a character prints in every
style when one family has it in all of its files: the set is, per family, the characters
all its files map, joined over the families. Left out: control characters (YAML allows
only tab and line breaks) and private-use code points (their glyphs mean something only
to the font's maker). Added: tab and line breaks, and the variation selectors (invisible,
Typst drops them without looking for a glyph; the test of every character proves it).
"""

from __future__ import annotations

from pathlib import Path

from stj_factsheet.load.glyphs import TEKENS

FONTS = TEKENS.parent
LEFT_OUT = ((0x00, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF), (0xE000, 0xF8FF),
            (0xF0000, 0x10FFFF))
"""Control characters, surrogates and the private-use areas."""
ADDED = ((0x09, 0x0A), (0x0D, 0x0D), (0xFE00, 0xFE0F))
"""Tab, line feed, carriage return; the variation selectors."""


def covered(fonts: Path = FONTS) -> set[int]:
    """Every code point the fonts in `fonts` print in every style (see above)."""
    from fontTools.ttLib import TTFont  # a test dependency: never imported at run time

    families: dict[str, list[set[int]]] = {}
    for file in sorted([*fonts.glob("*.ttf"), *fonts.glob("*.otf")]):
        with TTFont(file, lazy=True) as font:
            family = font["name"].getBestFamilyName()
            families.setdefault(family, []).append(set(font.getBestCmap()))
    points: set[int] = set().union(*(set.intersection(*maps) for maps in families.values()))
    for first, last in LEFT_OUT:
        points -= set(range(first, last + 1))
    for first, last in ADDED:
        points |= set(range(first, last + 1))
    return points


def ranges(points: set[int]) -> list[tuple[int, int]]:
    """Sorted code points as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for point in sorted(points):
        if runs and runs[-1][1] == point - 1:
            runs[-1] = (runs[-1][0], point)
        else:
            runs.append((point, point))
    return runs


def text(points: set[int]) -> str:
    """The contents of `fonts/tekens.txt` for these code points."""
    lines = ["# The characters the PDF prints: per font family in fonts/, what all its files",
             "# have, joined; made by `make tekens` (tests/tekens.py), do not edit by hand.",
             "# One range of code points (hex) per line."]
    lines += [f"{a:04X}" if a == b else f"{a:04X}-{b:04X}" for a, b in ranges(points)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    found = covered()
    TEKENS.write_text(text(found), encoding="ascii")
    print(f"geschreven: {TEKENS.relative_to(FONTS.parent)} ({len(found)} tekens)")
