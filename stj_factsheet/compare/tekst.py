"""Texts as a reader sees them, and word by word what changed in one.

A `Tekst` is Markdown source from YAML, equal to another when both show the same: the
same rich-text tree, soft line breaks counted as spaces (as on the page), so a re-wrapped
paragraph is the same text. `woorden` is the word diff `stj diff` prints.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from functools import cached_property

from stj_factsheet.compare import model as m
from stj_factsheet.model.markdown_parse import parse
from stj_factsheet.model.richtext import Block, ListBlock, Paragraph, Quote, Run

ALINEA = "¶"
"""A paragraph break, as a word of its own in a word diff."""
_WOORD = re.compile(r"\n[ \t]*\n\s*|\S+")


@dataclass(frozen=True, eq=False)
class Tekst:
    """A text from YAML; equal to another when both show the same (soft line breaks
    count as spaces, as on the page)."""

    bron: str

    @cached_property
    def vorm(self) -> object:
        parsed = parse(self.bron)
        if parsed.unsupported:  # a text `stj check` refuses: compare its words
            return " ".join(self.bron.split())
        return _zonder_zachte_breuken(parsed.blocks)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tekst) and (self.bron == other.bron
                                             or self.vorm == other.vorm)

    def __hash__(self) -> int:
        return hash(self.vorm)


def _zonder_zachte_breuken(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    def block(item: Block) -> Block:
        if isinstance(item, Paragraph):
            return Paragraph(tuple(replace(p, text=p.text.replace("\n", " "))
                                   if isinstance(p, Run) else p for p in item.parts))
        if isinstance(item, Quote):
            return Quote(_zonder_zachte_breuken(item.blocks))
        assert isinstance(item, ListBlock)
        return replace(item, items=tuple(_zonder_zachte_breuken(i) for i in item.items))

    return tuple(block(b) for b in blocks)


def tekst(value: str | None) -> Tekst | None:
    return None if value is None else Tekst(value)


def woorden(van: str, tot: str) -> list[m.Stuk]:
    """The word diff of two texts: the words kept, removed and added, in order."""
    a, b = _woorden(van), _woorden(tot)
    stukken: list[m.Stuk] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b,
                                                       autojunk=False).get_opcodes():
        if tag == "equal":
            stukken.append(m.Stuk(soort="gelijk", tekst=" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            stukken.append(m.Stuk(soort="weg", tekst=" ".join(a[i1:i2])))
        if j2 > j1:
            stukken.append(m.Stuk(soort="erbij", tekst=" ".join(b[j1:j2])))
    return stukken


def _woorden(text: str) -> list[str]:
    return [ALINEA if word[0].isspace() else word for word in _WOORD.findall(text.strip())]
