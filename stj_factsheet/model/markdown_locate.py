"""Where in a text an unsupported construct stands.

Python-Markdown keeps no positions; the parser notes *what* it met (`markup_parse`), and
this module finds the first place in the source where that construct can stand. When no
pattern matches, the text's start is the answer: the problem is then still reported, at
the start of the text.
"""

from __future__ import annotations

import re

_PREFIX = r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*"
"""What may stand before a block on its line: indentation, quote and list markers."""

TABLE_LINE = re.compile(_PREFIX + r"(\|)[^\n]*\|[ \t]*$|" + _PREFIX
                        + r"\|?[ \t]*(:?-+:?)[ \t]*\|[ \t:|-]*$", re.MULTILINE)
"""A line of a pipe table: `| a | b |`, or a delimiter row such as `--- | ---`."""

_PATTERNS = {
    "heading": re.compile(_PREFIX + r"(#)|\S[ \t]*\n[ \t>]*(=+|-+)[ \t]*$", re.MULTILINE),
    "rule": re.compile(_PREFIX + r"((?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$",
                       re.MULTILINE),
    "code_block": re.compile(r"^(?:    |\t)[ \t>]*(\S)", re.MULTILINE),
    "code": re.compile(r"(?<!\\)(`)"),
    "image": re.compile(r"(!\[)"),
    "reference": re.compile(_PREFIX + r"(\[)[^\]\n]*\]:", re.MULTILINE),
    "table": TABLE_LINE,
    "link": re.compile(r"\]\((\S)"),
    "html": re.compile(r"(<)[/!?a-zA-Z]"),
    "item_start": re.compile(r"^[ \t>]*([-*+]|\d{1,9}[.)])(?:[ \t]+(?:[-*+>]|\d{1,9}[.)])"
                             r"|[ \t]*$)", re.MULTILINE),
}


def locate(kind: str, needle: str, text: str) -> int:
    """The offset in `text` of the first `kind` construct, found by `needle` (a piece of
    its source) or else by a pattern; 0 when neither finds it."""
    if needle:
        found = text.find(needle)
        if found >= 0:
            return found
    pattern = _PATTERNS.get(kind)
    match = pattern.search(text) if pattern else None
    if match is None:
        return 0
    group = next((n for n in range(1, (match.lastindex or 0) + 1) if match.group(n)), 0)
    return match.start(group)
