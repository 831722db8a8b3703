"""The rich-text model: what a text from YAML may contain, as a small typed tree.

A text is parsed once (`markup.parse`) into blocks (paragraphs, bullet and numbered lists,
blockquotes) whose paragraphs hold inline parts: runs of plain text, each bold, italic
and/or a link or not, and hard line breaks. HTML, Markdown and the PDF payload are all
rendered from this one tree (`markup_render`), so a text means the same in every format.

The tree is canonical, so that equal meaning gives equal trees: whitespace inside a
paragraph is one space, or one line break where the source broke the line (a soft break:
shown as a space, kept so that the Markdown output keeps the source's lines); whitespace
at the edge of a styled group stands outside it (see `LAYERS`); adjacent runs of one
style are merged; lines (between hard breaks) neither start nor end with whitespace. What
the text held that the model cannot express is listed as `Unsupported` items: `stj check`
refuses those texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby
from operator import attrgetter
from typing import Annotated

MARKDOWN = "markdown"
Markdown = Annotated[str, MARKDOWN]
"""A text that is Markdown source (a finding, a context, a kader's standard text): every
format renders its rich-text tree, so two such texts show alike when their trees are equal.
The view models mark their fields with it; `stj diff` compares those by what they show."""

SAFE_SCHEMES = ("http://", "https://", "mailto:")
"""The only links a text may hold."""

LAYERS = ("bold", "italic", "link")
"""How styles nest, outermost first (`**…*…[…](…)…*…**`). The canonical tree has no
whitespace at the edge of a styled group in this order: every format can close a style
right after its last word."""


@dataclass(frozen=True)
class Run:
    """Text in one style; `link` is an http(s) or mailto address."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None

    @property
    def plain(self) -> bool:
        return not (self.bold or self.italic or self.link)


@dataclass(frozen=True)
class Break:
    """A hard line break (two spaces at the end of a line)."""


Inline = Run | Break


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    """A bullet list, or a numbered one counting from `start`; an item is a sequence of
    blocks (its first paragraph, then nested lists, quotes or more paragraphs)."""

    items: tuple[tuple[Block, ...], ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


Block = Paragraph | ListBlock | Quote


@dataclass(frozen=True, order=True)
class Unsupported:
    """Something the text holds that the model cannot express: `kind` (a key of
    `textcheck.REFUSALS`) at character `offset` of the text; `detail` names it where the
    message needs that (a link's address)."""

    offset: int
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class RichText:
    blocks: tuple[Block, ...]
    unsupported: tuple[Unsupported, ...] = ()


def is_safe_link(href: str) -> bool:
    return href.lower().startswith(SAFE_SCHEMES)


# --- the canonical paragraph --------------------------------------------------------------

_WS_WITH_BREAK = re.compile(r"[ \t\r\f\v]+\n[ \t\n\r\f\v]*|\n[ \t\n\r\f\v]+")
"""A run of whitespace that holds a line break (matched whole: it starts at the run's
first character and takes the rest), other than a lone line break, which stays as it
is: most line ends of a text need no replacing."""
_WS = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
"""A run of whitespace without one (once the runs with a break are replaced), other than
a lone space, which stays as it is: nearly every space between two words."""


def squash(text: str) -> str:
    """Whitespace as one space, or one line break where it held one (a soft break: the
    Markdown keeps the lines of the source, which reads well in a diff)."""
    if not ("\t" in text or "\r" in text or "\f" in text or "\v" in text):
        # Only spaces and line breaks (nearly every text): the patterns, tried at every
        # character, are needed only where two of them meet.
        if " \n" in text or "\n " in text or "\n\n" in text:
            text = _WS_WITH_BREAK.sub("\n", text)
        return _WS.sub(" ", text) if "  " in text else text
    return _WS.sub(" ", _WS_WITH_BREAK.sub("\n", text))


def paragraph(parts: list[Inline]) -> Paragraph | None:
    """The canonical paragraph of raw inline parts (see `richtext`), None when empty."""
    lines: list[list[Run]] = [[]]
    for part in parts:
        if isinstance(part, Break):
            lines.append([])
        elif part.text:
            lines[-1].append(replace(part, text=squash(part.text)))
    result: list[Inline] = []
    for line in lines:
        runs = _canonical(line)
        if runs:
            if result:
                result.append(Break())
            result += runs
    return Paragraph(tuple(result)) if result else None


def _canonical(runs: list[Run]) -> list[Run]:
    """One line's runs, canonical: moving whitespace out of a group can join it with a
    neighbour, so repeat until nothing changes (a few rounds at most)."""
    for _ in range(10):
        moved = _merge(_move_edges(runs, 0))
        if moved:
            moved[0] = replace(moved[0], text=moved[0].text.lstrip())
            moved[-1] = replace(moved[-1], text=moved[-1].text.rstrip())
            moved = [run for run in moved if run.text]
        if moved == runs:
            break
        runs = moved
    return runs


def _move_edges(runs: list[Run], depth: int) -> list[Run]:
    """Whitespace at the edges of each group styled at `LAYERS[depth]` moved out of it,
    and so on for the inner layers."""
    if depth == len(LAYERS) or not runs:
        return runs
    layer = LAYERS[depth]
    out: list[Run] = []
    for value, grouped in groupby(runs, key=attrgetter(layer)):
        group = list(grouped)
        if not value:
            out += _move_edges(group, depth + 1)
            continue
        outer = {name: getattr(group[0], name) for name in LAYERS[:depth]}
        joined = "".join(run.text for run in group)
        lead = joined[: len(joined) - len(joined.lstrip())]
        trail = joined[len(joined.rstrip()):] if joined.strip() else ""
        if lead:
            out.append(Run(lead, **outer))
        out += _move_edges(_trim(group, len(lead), len(trail)), depth + 1)
        if trail:
            out.append(Run(trail, **outer))
    return out


def _trim(group: list[Run], lead: int, trail: int) -> list[Run]:
    """The runs without their first `lead` and last `trail` characters."""
    trimmed = []
    for run in group:
        cut = min(lead, len(run.text))
        lead -= cut
        trimmed.append(replace(run, text=run.text[cut:]))
    for n in range(len(trimmed) - 1, -1, -1):
        cut = min(trail, len(trimmed[n].text))
        trail -= cut
        trimmed[n] = replace(trimmed[n], text=trimmed[n].text[: len(trimmed[n].text) - cut])
    return [run for run in trimmed if run.text]


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent runs of one style as one run, its whitespace collapsed."""
    merged: list[Run] = []
    for _, grouped in groupby((run for run in runs if run.text), key=_style):
        group = list(grouped)
        text = "".join(run.text for run in group)
        merged.append(replace(group[0], text=squash(text) if len(group) > 1 else text))
    return merged


def _style(run: Run) -> tuple[object, ...]:
    return tuple(getattr(run, layer) for layer in LAYERS)
