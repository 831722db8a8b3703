"""Markdown text → the rich-text tree (`richtext`), with what falls outside it.

Three steps, each linear in the text: `limits` refuses a text too long, too deeply nested
or with brackets that would make Python-Markdown's link search quadratic (such a text
becomes plain paragraphs, unparsed); `fast_blocks` reads the common case (plain
paragraphs and simple bullet lists) without Python-Markdown; everything else is parsed by
Python-Markdown (raw HTML off) and its element tree is converted here, noting every
element the model has no place for. Where an unsupported construct stands in the text is
found afterwards (`markup_locate`), as Python-Markdown keeps no positions.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from stj_factsheet.model.richtext import (
    Block,
    Break,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    RichText,
    Run,
    Unsupported,
    is_safe_link,
    paragraph,
    squash,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    import markdown

def getal(n: int) -> str:
    """A count as Dutch writes it: 50.000."""
    return f"{n:,}".replace(",", ".")


MAX_CHARS = 50_000
"""The longest text: room for a finding of 3,000 words or more (the longest in the shipped
data has under 2,000 characters; a 2,000-word finding must print whole)."""
MAX_LINES = 2_000
"""The most lines in a text: Python-Markdown's block parser is quadratic in the lines of
one block for some input (3,000 `-` lines take a quarter second, ten thousand seconds)."""
MAX_DEPTH = 8
"""The deepest nesting of lists and quotes."""
BRACKET_WORK = 20
"""Python-Markdown scans from every `[` to its `]` (and from `](` to its `)`); the sum of
those distances may be at most this many times the length of the text."""

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


# --- limits -------------------------------------------------------------------------------

_PREFIX = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))*", re.MULTILINE)
"""What stands before the text of a line (matched at its start): indentation, quote and
list markers."""
_PREFIX_FIRST = frozenset(" \t>-*+")
"""The characters a line with a prefix starts with, besides a digit (`\\d`: any decimal
digit, as Python-Markdown's list pattern reads them too)."""
_MARKER = re.compile(r"(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)) ?")
"""A quote or list marker, with the one space that belongs to it."""


def limits(text: str) -> Unsupported | None:
    """The first limit the text exceeds (see the constants), or None."""
    if len(text) > MAX_CHARS:
        return Unsupported(0, "too_long", getal(len(text)))
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return Unsupported(0, "too_many_lines", getal(lines))
    start = 0
    while start >= 0:  # line by line: a `^` pattern would be tried at every character
        first = text[start:start + 1]
        if first in _PREFIX_FIRST or first.isdecimal():
            prefix = _PREFIX.match(text, start).group()  # type: ignore[union-attr]
            # Each marker is a character and each level of indent four: a prefix no longer
            # than the limit cannot be deeper.
            if len(prefix) > MAX_DEPTH:
                indent = _MARKER.sub("", prefix).replace("\t", "    ")
                if len(_MARKER.findall(prefix)) + len(indent) // 4 > MAX_DEPTH:
                    return Unsupported(start, "too_deep")
        start = text.find("\n", start)
        if start >= 0:
            start += 1
    worst = _bracket_work(text)
    return None if worst is None else Unsupported(worst, "brackets")


def _bracket_work(text: str) -> int | None:
    """Where the brackets of `text` make too much work (the first `[` without `]`, else
    the first `[` or `(` of the longest pair), or None when they do not."""
    if "[" not in text:
        return None  # no bracket, so no link either: parentheses alone make no work
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []
    work, longest, at = 0, 0, 0
    escaped = False
    for i, c in enumerate(text):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "[":
            brackets.append(i)
        elif c == "]" and brackets:
            start = brackets.pop()
            work += i - start
            longest, at = max((longest, at), (i - start, start))
        elif c == "(":
            parens.append((i, i > 0 and text[i - 1] == "]"))
        elif c == ")" and parens:
            start, link = parens.pop()
            if link:
                work += i - start
                longest, at = max((longest, at), (i - start, start))
    work += sum(len(text) - i for i in brackets)
    work += sum(len(text) - i for i, link in parens if link)
    if work <= BRACKET_WORK * len(text) + 1000:
        return None
    return brackets[0] if brackets else at


def plain_blocks(text: str) -> tuple[Block, ...]:
    """A text that was not parsed: its paragraphs as plain text."""
    found = (paragraph([Run(part)]) for part in re.split(r"\n[ \t]*\n", text))
    return tuple(p for p in found if p is not None)


# --- the fast path ------------------------------------------------------------------------

# Characters that mean nothing to Python-Markdown (no extensions): letters and digits (\w,
# but `_` is refused apart), space, newline and some punctuation (braces too: the kader's
# placeholders). Absent on purpose:
# \\ ` * _ [ ] < > & # | (inline markup, entities, headings, tables), tabs, control
# characters (Python-Markdown's placeholders), other whitespace.
_PLAIN = re.compile(r"[\w \n.,;:'\"‘’“”()/%?!€+=@–—…√{}-]+")
_BLOCK_START = re.compile(r"^(?:[ +=-]|\d+[.)])", re.MULTILINE)
"""A line starting like an indented code block, a list, a setext underline or a rule."""
_BLOCK_LINE = re.compile(r"\n(?:[ +=-]|\d+[.)])")
"""The same after a line break: searched for in "\n" + a text, it is found at once (a
pattern that starts with `^` is tried at every character)."""


def fast_blocks(text: str) -> tuple[Block, ...] | None:
    """The tree of a text that is only paragraphs of plain words and simple bullet lists
    (`- ` items, continued on lines indented by two spaces), exactly as the full path
    gives it; None when the text may hold any other Markdown."""
    if (not _PLAIN.fullmatch(text) or "_" in text or text != text.strip()
            or "\n\n\n" in text or " \n" in text):
        return None
    blocks: list[Block] = []
    after_list = False
    for chunk in text.split("\n\n"):
        if chunk.startswith("- "):
            items = None if after_list else _list_items(chunk)  # after a list: a loose one
            if items is None:
                return None
            blocks.append(ListBlock(tuple((Paragraph((Run(squash(item)),)),)
                                          for item in items)))
            after_list = True
        elif _BLOCK_LINE.search("\n" + chunk):
            return None
        else:
            blocks.append(Paragraph((Run(squash(chunk)),)))
            after_list = False
    return tuple(blocks)


def _list_items(chunk: str) -> list[str] | None:
    """The items of a tight list whose lines are `- item` or `  continued`, or None."""
    items: list[str] = []
    for line in chunk.split("\n"):
        if line.startswith("- ") and not _BLOCK_START.match(line[2:]):
            items.append(line[2:])
        elif items and line.startswith("  ") and not _BLOCK_START.match(line[2:]):
            items[-1] += "\n" + line
        else:
            return None  # a nested list, deeper indentation or a lazy continuation
    return items


# --- Python-Markdown ----------------------------------------------------------------------


def _markdown() -> tuple[markdown.Markdown, list[Element]]:
    from xml.etree.ElementTree import Element

    import markdown  # deferred: texts on the fast path never need it
    from markdown.treeprocessors import Treeprocessor

    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML is text; inline tags are refused
    md.parser.blockprocessors["olist"].LAZY_OL = False  # type: ignore[attr-defined]
    roots: list[Element] = []

    class Keep(Treeprocessor):
        """Keeps the finished element tree and hands on an empty one to serialise."""

        def run(self, root: Element) -> Element:
            roots.append(root)
            return Element("div")

    md.treeprocessors.register(Keep(md), "stj-keep", -100)
    return md, roots


_converter = functools.cache(_markdown)
"""The one Markdown converter of this process, made when a text first needs it."""


def full_parse(text: str) -> RichText:
    """The tree of any text within the limits, by Python-Markdown."""
    from stj_factsheet.model.markdown_locate import TABLE_LINE, locate

    md, roots = _converter()
    md.reset()
    roots.clear()
    md.convert(text)
    found: list[tuple[str, str]] = []
    if md.references:
        found.append(("reference", ""))
    if TABLE_LINE.search(text):
        found.append(("table", ""))
    blocks = _Converter(md, found).blocks(roots[0]) if roots else []
    unsupported = {Unsupported(locate(kind, needle, text), kind,
                               needle if kind in ("link", "html") else "")
                   for kind, needle in found}
    return RichText(tuple(blocks), tuple(sorted(unsupported)))


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")


class _Converter:
    """Python-Markdown's element tree → blocks; what has no place is noted in `found` as
    (kind, a piece of the source that shows where)."""

    def __init__(self, md: markdown.Markdown, found: list[tuple[str, str]]) -> None:
        self.md = md
        self.found = found

    def blocks(self, container: Element) -> list[Block]:
        blocks: list[Block] = []
        pending: list[Inline] = []

        def flush() -> None:
            made = paragraph(pending)
            if made is not None:
                blocks.append(made)
            pending.clear()

        pending += self.text(container.text, Run(""))
        for child in container:
            if child.tag in ("p", "ul", "ol", "blockquote", "pre", "hr", *_HEADINGS):
                flush()
                blocks += self.block(child)
            else:
                pending += self.inline(child, Run(""))
            pending += self.text(child.tail, Run(""))
        flush()
        return _joined(blocks)

    def block(self, element: Element) -> list[Block]:
        tag = element.tag
        if tag in ("ul", "ol"):
            found = (tuple(self.blocks(li)) for li in element if li.tag == "li")
            items = tuple(item for item in found if item)  # an empty item shows nothing
            if any(not isinstance(item[0], Paragraph) for item in items):
                self.found.append(("item_start", ""))
            return [ListBlock(items, tag == "ol", int(element.get("start", "1")))] if items else []
        if tag == "blockquote":
            inner = tuple(self.blocks(element))
            return [Quote(inner)] if inner else []
        if tag == "hr":
            self.found.append(("rule", ""))
            return []
        if tag == "pre":
            code = html.unescape("".join(element.itertext()))
            self.found.append(("code_block", code.strip().split("\n")[0]))
            made = paragraph([Run(code)])
        else:
            if tag in _HEADINGS:
                self.found.append(("heading", ""))
            made = paragraph(self.inline(element, Run(""), wrap=False))
        return [made] if made is not None else []

    def inline(self, element: Element, style: Run, *, wrap: bool = True) -> list[Inline]:
        """The parts of an inline element (`wrap` False: only its content), without
        recursion, as emphasis may nest thousands deep."""
        parts: list[Inline] = []
        stack: list[tuple[Element | str, Run, bool]] = [(element, style, wrap)]
        while stack:
            el, outer, own = stack.pop()
            if isinstance(el, str):  # a tail, queued after its element's content
                parts += self.text(el, outer)
                continue
            here = self.style(el, outer) if own else outer
            if el.tag == "br":
                parts.append(Break())
            elif el.tag in ("code", "img"):
                self.found.append(("code" if el.tag == "code" else "image", ""))
                parts += self.text(html.unescape("".join(el.itertext())) if el.tag == "code"
                                   else el.get("alt", ""), here)
            else:
                parts += self.text(el.text, here)
                for child in reversed(el):
                    stack.append((child.tail or "", here, False))
                    stack.append((child, here, True))
        return parts

    def style(self, element: Element, outer: Run) -> Run:
        if element.tag == "strong":
            return replace(outer, bold=True)
        if element.tag == "em":
            return replace(outer, italic=True)
        if element.tag == "a":
            href = self.resolve(element.get("href", "")).strip()
            if is_safe_link(href):
                return replace(outer, link=canonical_href(href))
            self.found.append(("link", href))
        return outer

    def text(self, raw: str | None, style: Run) -> Iterator[Run]:
        if raw:
            yield replace(style, text=self.resolve(raw, note=True))

    def resolve(self, raw: str, *, note: bool = False) -> str:
        """Text with Python-Markdown's placeholders replaced: entities by their character,
        raw HTML by itself (and noted), obfuscated addresses decoded."""
        import markdown

        def stashed(match: re.Match[str]) -> str:
            value = str(self.md.htmlStash.rawHtmlBlocks[int(match.group(1))])
            if _ENTITY.fullmatch(value):
                return html.unescape(value)
            closing = value.startswith("</") and any(k == "html" for k, _ in self.found)
            if note and not closing:  # the opening tag is the one to report
                self.found.append(("html", value))
            return value

        text = markdown.util.HTML_PLACEHOLDER_RE.sub(stashed, raw)
        if markdown.util.AMP_SUBSTITUTE in text:
            text = html.unescape(text.replace(markdown.util.AMP_SUBSTITUTE, "&"))
        return clean(text)  # a placeholder Python-Markdown left behind (it happens)


def _joined(blocks: list[Block]) -> list[Block]:
    """Lists next to lists and quotes next to quotes made one, as Python-Markdown reads
    them when nothing stands between them (here: an empty quote or a rule left out)."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if isinstance(last, ListBlock) and isinstance(block, ListBlock):
            out[-1] = replace(last, items=last.items + block.items)
        elif isinstance(last, Quote) and isinstance(block, Quote):
            out[-1] = Quote(tuple(_joined([*last.blocks, *block.blocks])))
        else:
            out.append(block)
    return out


_HREF_SAFE = "!#$%&*+,-./:;=?@[]^_{|}~"


def canonical_href(href: str) -> str:
    """A link address with spaces, quotes, brackets and non-ASCII percent-encoded: the
    form every output writes, so that it reads back the same."""
    from urllib.parse import quote

    return quote(href, safe=_HREF_SAFE)


def clean(text: str) -> str:
    """The text without control characters (Python-Markdown uses some as placeholders)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> RichText:
    """The tree of a Markdown text, with what it holds that the tree cannot."""
    text = clean(text)
    over = limits(text)
    if over is not None:
        return RichText(plain_blocks(text), (over,))
    fast = fast_blocks(text)
    if fast is not None:
        return RichText(fast)
    return full_parse(text)
