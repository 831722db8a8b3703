"""Which characters the PDF can print, and a located problem for each one it cannot.

The PDF embeds only the fonts in `fonts/`, and the template turns Typst's fallback to its
own fonts off: a character those fonts lack would make the PDF build fail. `tekens.txt`
beside the fonts lists what they cover (made by `make tekens` from the fonts' character
maps); every text in a YAML file is checked against it when the file is read, so `stj
check` refuses such a character with its position, its Unicode name and a hint.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from stj_factsheet.errors import Problem
from stj_factsheet.resources import FONTS

if TYPE_CHECKING:
    from stj_factsheet.load.yamltree import Document, Loc

TEKENS = FONTS / "tekens.txt"

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks as YAML counts them (and so the positions of values)."""


@functools.cache
def _unprintable() -> re.Pattern[str]:
    """Matches one character that is not in `tekens.txt`."""
    ranges = []
    for line in TEKENS.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            ranges.append(f"\\U{int(first, 16):08x}-\\U{int(last or first, 16):08x}")
    return re.compile(f"[^{''.join(ranges)}]")


def unprintable(text: str) -> list[str]:
    """The characters of `text` the PDF cannot print, each once, in order."""
    return list(dict.fromkeys(_unprintable().findall(text)))


def problems(document: Document, text: str) -> list[Problem]:
    """A problem for every character in a text value of `document` (read from `text`) that
    the PDF cannot print: once per value, at its place in the file (at the start of the
    value when it was written as an escape, like "\\U0001F44D")."""
    if "\\" not in text and _unprintable().search(text) is None:
        return []  # no character it cannot print, and none written as an escape ("\e")
    lines = [0] + [m.end() for m in _BREAK.finditer(text)]
    starts = sorted(lines[p.line - 1] + p.column - 1 for p in document.values.values())
    found = []
    for loc, value in _strings(document.data, ()):
        for char in unprintable(value):
            line, column = document.values[loc]
            start = lines[line - 1] + column - 1
            following = bisect.bisect_right(starts, start)
            end = starts[following] if following < len(starts) else len(text)
            index = text.find(char, start, end)
            if index >= 0:
                line = bisect.bisect_right(lines, index)
                column = index - lines[line - 1] + 1
            found.append(Problem(document.path, line, column,
                                 f"{_described(char)} staat niet in de lettertypen van de PDF",
                                 _hint(char)))
    return found


def _strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


def _described(char: str) -> str:
    """`teken ‘张’ (U+5F20 CJK UNIFIED IDEOGRAPH-5F20)`; invisible ones without the quote."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}{' ' + name if name else ''}"
    return f"teken ‘{char}’ ({code})" if char.isprintable() else f"teken {code}"


def _hint(char: str) -> str:
    plain = unicodedata.normalize("NFKD", char)
    if plain != char and plain.strip() and not unprintable(plain):
        return f"schrijf ‘{plain}’ in plaats van ‘{char}’"
    return "laat het teken weg of schrijf het anders, bijv. een naam in Latijnse letters"
