"""Text from YAML as safe HTML and as Markdown that cannot break a table or a page.

`to_html` renders Markdown with Python-Markdown with its raw-HTML handling switched off
(so `<script>` in YAML is shown as text) and then passes the result through an allowlist
sanitiser as a second line of defence: only a few formatting tags survive, attributes are
dropped except a link's `href`, and only http(s) and mailto links are kept.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    import markdown

_ALLOWED = {"p", "em", "strong", "ul", "ol", "li", "a", "br", "code", "blockquote"}
_VOID = {"br"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _markdown() -> markdown.Markdown:
    import markdown  # deferred: texts on the fast path never need it

    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_converter = functools.cache(_markdown)
"""The one Markdown converter of this process, made when a text first needs it."""


@functools.lru_cache(maxsize=1024)
def to_html(text: str) -> Markup:
    """Markdown → sanitised HTML (block level: paragraphs and lists).

    Plain paragraphs (most texts) take a fast path with the same result; the results are
    memoised, as the kader's standard texts recur in every factsheet."""
    plain = plain_paragraphs(text)
    if plain is not None:
        return Markup(plain)
    converter = _converter()
    converter.reset()
    return Markup(sanitise(converter.convert(text)))


# Characters that mean nothing to Python-Markdown (no extensions) and that neither it nor
# the sanitiser escapes: letters and digits (\w, but `_` is refused apart), space, newline
# and some punctuation. Absent on purpose: \\ ` * _ [ ] < > & # (inline markup, entities,
# headings), tabs, control characters (Python-Markdown's placeholders), other whitespace.
_PLAIN = re.compile(r"[\w \n.,;:'\"‘’“”()/%?!€+=@–—…√-]+")
_BLOCK_START = re.compile(r"^(?:[ +=-]|\d+[.)])", re.MULTILINE)
"""A line starting like an indented code block, a list, a setext underline or a rule."""


def plain_paragraphs(text: str) -> str | None:
    """The HTML of a text that is only paragraphs of plain words and simple bullet lists
    (`- ` items, continued on lines indented by two spaces), exactly as Python-Markdown and
    the sanitiser would give it; None when the text may hold any other Markdown."""
    if (not _PLAIN.fullmatch(text) or "_" in text or text != text.strip()
            or "\n\n\n" in text or " \n" in text):
        return None
    blocks = []
    after_list = False
    for block in text.split("\n\n"):
        if block.startswith("- "):
            items = None if after_list else _list_items(block)  # after a list: a loose one
            if items is None:
                return None
            blocks.append("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>")
            after_list = True
        elif _BLOCK_START.search(block):
            return None
        else:
            blocks.append(f"<p>{block}</p>")
            after_list = False
    return "\n".join(blocks)


def _list_items(block: str) -> list[str] | None:
    """The items of a tight list whose lines are `- item` or `  continued`, or None."""
    items: list[str] = []
    for line in block.split("\n"):
        if line.startswith("- ") and not _BLOCK_START.match(line[2:]):
            items.append(line[2:])
        elif items and line.startswith("  ") and not _BLOCK_START.match(line[2:]):
            items[-1] += "\n" + line  # Python-Markdown keeps the indentation
        else:
            return None  # a nested list, deeper indentation or a lazy continuation
    return items


_ONE_PARAGRAPH = re.compile(r"<p>(.*)</p>", flags=re.S)


def to_inline_html(text: str) -> Markup:
    """Markdown → sanitised HTML without the wrapping paragraph, for one-line texts."""
    rendered = str(to_html(text))
    match = _ONE_PARAGRAPH.fullmatch(rendered)
    return Markup(match.group(1) if match else rendered)


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._open: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
            return
        if tag not in _ALLOWED or self._skip:
            return
        attributes = ""
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if not href.strip().lower().startswith(_SAFE_SCHEMES):
                self._open.append("")  # keep the text, drop the unsafe link
                return
            attributes = f' href="{html.escape(href.strip(), quote=True)}"'
        self.out.append(f"<{tag}{attributes}>")
        if tag not in _VOID:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
            return
        if tag not in _ALLOWED or tag in _VOID or self._skip:
            return
        if tag == "a" and self._open and self._open[-1] == "":
            self._open.pop()
            return
        if tag in self._open:
            while self._open:
                last = self._open.pop()
                if last:
                    self.out.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self._open:
            last = self._open.pop()
            if last:
                self.out.append(f"</{last}>")


def sanitise(fragment: str) -> str:
    """Keep only allowlisted tags and safe links; escape everything else."""
    parser = _Sanitiser()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


# --- Markdown output -------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LIST_ITEM = re.compile(r"\n\s*[-*]\s+")


def _safe_link(match: re.Match[str]) -> str:
    target = match.group(2).strip().lower()
    return match.group(0) if target.startswith(_SAFE_SCHEMES) else match.group(1)


def md_text(text: str) -> str:
    """Text for a Markdown page: raw HTML and entities neutralised, links other than
    http(s) and mailto reduced to their text, other Markdown kept."""
    text = _ENTITY.sub("&amp;", text.strip())
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return _MD_LINK.sub(_safe_link, text)


def md_cell(text: str) -> str:
    """Text for one pipe-table cell: one line, `|` escaped, paragraphs and list items
    separated by `<br>`."""

    def one_line(part: str) -> str:
        return md_text(" ".join(part.split())).replace("|", "\\|")

    lines = []
    for paragraph in _PARAGRAPH_BREAK.split(text.strip()):
        items = _LIST_ITEM.split("\n" + paragraph.strip())
        if len(items) > 1 and not items[0].strip():
            lines.append("<br>".join(f"• {one_line(item)}" for item in items[1:]))
        elif paragraph.strip():
            lines.append(one_line(paragraph))
    return "<br><br>".join(lines)


def md_plain(text: str) -> str:
    """A short value (a name) in Markdown: special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", md_text(" ".join(text.split())))


# --- Structured text for the PDF ---------------------------------------------------------


class _Blocks(HTMLParser):
    """Sanitised HTML → blocks of runs; nothing is ever parsed as markup downstream."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict[str, object]] = []
        self._runs: list[dict[str, object]] | None = None
        self._list: dict[str, object] | None = None
        self._bold = self._italic = 0
        self._link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._list = {"soort": "lijst", "genummerd": tag == "ol", "items": []}
            self.blocks.append(self._list)
        elif tag == "li" and self._list is not None:
            self._runs = []
            self._list["items"].append(self._runs)  # type: ignore[attr-defined]
        elif tag == "p" and self._list is None:
            self._runs = []
            self.blocks.append({"soort": "alinea", "delen": self._runs})
        elif tag == "strong":
            self._bold += 1
        elif tag == "em":
            self._italic += 1
        elif tag == "a":
            self._link = dict(attrs).get("href")
        elif tag == "br" and self._runs is not None:
            self._runs.append(self._run("\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._list = None
            self._runs = None
        elif tag in ("p", "li"):
            self._runs = None
        elif tag == "strong":
            self._bold -= 1
        elif tag == "em":
            self._italic -= 1
        elif tag == "a":
            self._link = None

    def _run(self, text: str) -> dict[str, object]:
        return {"tekst": text, "vet": self._bold > 0, "cursief": self._italic > 0,
                "link": self._link}

    def handle_data(self, data: str) -> None:
        if not data.strip():
            if self._runs:
                self._runs.append(self._run(" "))
            return
        text = " ".join(data.split())
        text = (" " if data[0].isspace() else "") + text + (" " if data[-1].isspace() else "")
        if self._runs is None:
            self._runs = []
            self.blocks.append({"soort": "alinea", "delen": self._runs})
        self._runs.append(self._run(text))


def to_blocks(text: str) -> list[dict[str, object]]:
    """Markdown → [{"soort": "alinea", "delen": [runs]} | {"soort": "lijst", ...}], each run
    {"tekst", "vet", "cursief", "link"}: plain data a typesetter prints literally."""
    parser = _Blocks()
    parser.feed(str(to_html(text)))
    parser.close()
    return parser.blocks
