"""The rich-text tree (`richtext`) as HTML, as Markdown, as one pipe-table cell and as the
plain JSON payload of the PDF template. One tree, four renderings: a text means the same
in every format.

Styles nest in one fixed order, bold outside italic outside a link (`LAYERS`); the
canonical tree (`markup_parse.paragraph`) has no whitespace at the edge of any styled
group in that order, so `**`, `*` and `[…]` always close where they should. The Markdown
re-parses to the same tree (tests/test_markup.py proves it): text is escaped, and a line
that would start like a block (`#`, `>`, `- `, `1. `, a rule) is escaped at its start.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any

from stj_factsheet.model.richtext import (
    LAYERS,
    Block,
    Break,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Run,
)


def lines(parts: Sequence[Inline]) -> Iterator[list[Run]]:
    """The runs of a paragraph, line by line (split at hard breaks)."""
    line: list[Run] = []
    for part in parts:
        if isinstance(part, Break):
            yield line
            line = []
        else:
            line.append(part)
    yield line


def _styled(runs: Sequence[Run], depth: int, text: Callable[[str], str],
            wrap: Callable[[str, object, str], str]) -> str:
    if depth == len(LAYERS) or not any(r.bold or r.italic or r.link for r in runs):
        # No style left to open (most lines): every layer would give one unstyled group.
        return "".join(text(run.text) for run in runs)
    layer = LAYERS[depth]
    out = []
    for value, group in groupby(runs, key=attrgetter(layer)):
        inner = _styled(list(group), depth + 1, text, wrap)
        out.append(wrap(layer, value, inner) if value else inner)
    return "".join(out)


# --- HTML ---------------------------------------------------------------------------------


def _html_wrap(layer: str, value: object, inner: str) -> str:
    if layer == "bold":
        return f"<strong>{inner}</strong>"
    if layer == "italic":
        return f"<em>{inner}</em>"
    return f'<a href="{html.escape(str(value), quote=True)}">{inner}</a>'


def _html_text(text: str) -> str:
    return html.escape(text, quote=False)


def html_inline(parts: Sequence[Inline]) -> str:
    return "<br>\n".join(_styled(line, 0, _html_text, _html_wrap) for line in lines(parts))


def to_html(blocks: Sequence[Block], label: str | None = None) -> str:
    """Block-level HTML; `label` (such as "LET OP:") in bold before the first paragraph."""
    rendered = [_html_block(block) for block in blocks]
    if label is not None:
        strong = f"<strong>{html.escape(label, quote=False)}</strong>"
        if blocks and isinstance(blocks[0], Paragraph):
            rendered[0] = f"<p>{strong} {html_inline(blocks[0].parts)}</p>"
        else:
            rendered.insert(0, f"<p>{strong}</p>")
    return "\n".join(rendered)


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{html_inline(block.parts)}</p>"
    if isinstance(block, Quote):
        return f"<blockquote>\n{to_html(block.blocks)}\n</blockquote>"
    tag = "ol" if block.numbered else "ul"
    start = f' start="{block.start}"' if block.numbered and block.start != 1 else ""
    items = "".join(f"<li>{_html_item(item)}</li>\n" for item in block.items)
    return f"<{tag}{start}>\n{items}</{tag}>"


def _html_item(item: Sequence[Block]) -> str:
    """A tight item (a paragraph, then only lists) without <p>, as Python-Markdown does."""
    if item and isinstance(item[0], Paragraph) and all(
            isinstance(b, ListBlock) for b in item[1:]):
        rest = "".join(f"\n{_html_block(b)}" for b in item[1:])
        return html_inline(item[0].parts) + (f"{rest}\n" if rest else "")
    return f"\n{to_html(item)}\n" if item else ""


# --- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"[\\`*_\[\]]")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(
    r"(?P<mark>[#>+-])|(?P<number>\d{1,9})(?P<dot>[.)])(?=[ \t]|$)"
    r"|(?P<rule>=+[ \t]*$)|(?P<fence>~~~)")


def md_escape(text: str) -> str:
    """Text that Markdown shows as it is (inside a line). A `!` at its end is escaped: a
    link may follow, which `!` would make an image."""
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
    return text[:-1] + "\\!" if text.endswith("!") else text


def md_line_start(line: str) -> str:
    """A line whose start would make a block (heading, quote, list, rule, fence) escaped."""
    match = _LINE_START.match(line)
    if not match:
        return line
    if match["mark"]:
        return "\\" + line
    if match["number"]:
        return f"{match['number']}\\{line[match.end('number'):]}"
    entity = "&#61;" if match["rule"] else "&#126;"
    return entity + line[1:]


def _md_wrap(layer: str, value: object, inner: str) -> str:
    if layer == "bold":
        return f"**{inner}**"
    if layer == "italic":
        return f"*{inner}*"
    return f"[{inner}]({value})"


def md_inline_lines(parts: Sequence[Inline], text: Callable[[str], str] = md_escape
                    ) -> list[str]:
    return [_styled(line, 0, text, _md_wrap) for line in lines(parts)]


def to_markdown(blocks: Sequence[Block]) -> str:
    """Markdown that Python-Markdown reads back as the same tree."""
    return "\n".join(_md_blocks(blocks))


def _md_blocks(blocks: Sequence[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if out:
            out.append("")
        out += _md_block(block)
    return out


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return _md_paragraph(block)
    if isinstance(block, Quote):
        return [f"> {line}" if line else ">" for line in _md_blocks(block.blocks)]
    return _md_list(block)


def _md_paragraph(paragraph: Paragraph) -> list[str]:
    """Its lines: the source's soft breaks kept, hard breaks as two trailing spaces."""
    out: list[str] = []
    for line in md_inline_lines(paragraph.parts):
        if out:
            out[-1] += "  "
        out += [md_line_start(soft) for soft in line.split("\n")]
    return out


def _md_list(block: ListBlock) -> list[str]:
    tight = all(_tight(item) for item in block.items)
    out: list[str] = []
    for n, item in enumerate(block.items):
        if out and not tight:
            out.append("")
        marker = f"{block.start + n}. " if block.numbered else "- "
        content = _md_item(item)
        if not isinstance(item[0], Paragraph):  # the item starts on the next line
            content.insert(0, "")
        out.append(marker + content[0])
        out += [f"    {line}" if line else "" for line in content[1:]]
    return out


def _tight(item: Sequence[Block]) -> bool:
    """An item that is a paragraph followed only by tight lists: written without empty
    lines (inside a loose item, the line after it would join it)."""
    return not item or (isinstance(item[0], Paragraph) and all(
        isinstance(b, ListBlock) and all(_tight(i) for i in b.items) for b in item[1:]))


def _md_item(item: Sequence[Block]) -> list[str]:
    """The lines of an item: a paragraph followed directly by its nested lists, or blocks
    separated by empty lines."""
    if _tight(item) and item:
        out = _md_block(item[0])
        for block in item[1:]:
            out += _md_block(block)
        return out
    return _md_blocks(item)


# --- one pipe-table cell ------------------------------------------------------------------


def _cell_escape(text: str) -> str:
    return md_escape(text).replace("|", "\\|").replace("\n", " ")


def to_cell(blocks: Sequence[Block]) -> str:
    """One line for a pipe-table cell: paragraphs apart by an empty line (`<br><br>`),
    list items on lines of their own (`<br>`) with their bullet or number, a quote's
    paragraphs after `> `; `|` escaped."""
    return "<br><br>".join(_cell_block(block, 0) for block in blocks)


def _cell_block(block: Block, depth: int) -> str:
    if isinstance(block, Paragraph):
        return "<br>".join(md_inline_lines(block.parts, _cell_escape))
    if isinstance(block, Quote):
        inner = "<br><br>".join(_cell_block(b, depth) for b in block.blocks)
        return "<br>".join(f"> {line}" if line else ">" for line in inner.split("<br>"))
    bullet = "•" if depth == 0 else "◦"
    items = []
    for n, item in enumerate(block.items):
        marker = f"{block.start + n}." if block.numbered else bullet
        parts = [_cell_block(b, depth + 1) for b in item]
        items.append(" ".join([marker, *parts[:1]]) + "".join(f"<br>{p}" for p in parts[1:]))
    return "<br>".join(items)


# --- the PDF payload ----------------------------------------------------------------------


def to_payload(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """Plain JSON data for templates/_basis.typ (`blokken`): the template prints every
    string as text, never as Typst markup."""
    return [_payload_block(block) for block in blocks]


def _payload_block(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"soort": "alinea", "delen": [_payload_part(p) for p in block.parts]}
    if isinstance(block, Quote):
        return {"soort": "citaat", "blokken": to_payload(block.blocks)}
    return {"soort": "lijst", "genummerd": block.numbered, "start": block.start,
            "items": [to_payload(item) for item in block.items]}


def _payload_part(part: Inline) -> dict[str, Any]:
    if isinstance(part, Break):
        return {"soort": "regeleinde"}
    return {"soort": "tekst", "tekst": part.text, "vet": part.bold, "cursief": part.italic,
            "link": part.link}
