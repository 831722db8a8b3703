"""Text from YAML in every output format, from one parse.

A text field that holds Markdown (`models.Opmaak`) is parsed once into the rich-text tree
(`richtext`; `parse`, memoised: the kader's standard texts recur in every factsheet) and
each format renders that tree: `to_html` (the `markdown` filter), `md_text` and `md_cell`
(Markdown pages and pipe-table cells) and `to_blocks` (the PDF payload). The renderings
to text are memoised too, for the same reason. What the tree
cannot hold is listed in `RichText.unsupported`; `stj check` refuses such texts
(`textcheck`), so output never differs per format. Values that are not Markdown (names,
indicators) are escaped: `md_plain`, and Jinja's autoescape for HTML.

Parsing is linear in the text: over the limits of `model.markdown_parse` a text is refused and
shown unparsed; the common case (plain paragraphs and simple lists) is read without
Python-Markdown, which is imported only for a text that needs it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markupsafe import Markup

from stj_factsheet.model.markdown_parse import parse
from stj_factsheet.render import richtext as markup_render


@functools.lru_cache(maxsize=4096)
def _html(text: str) -> str:
    return markup_render.to_html(parse(text).blocks)


def to_html(text: str, kop: str | None = None) -> Markup:
    """Block-level HTML; `kop` (such as "LET OP:") in bold at the start."""
    if kop is None:
        return Markup(_html(text))
    return Markup(markup_render.to_html(parse(text).blocks, kop))


@functools.lru_cache(maxsize=4096)
def md_text(text: str) -> str:
    """The text as Markdown for a page, reading back as the same tree."""
    return markup_render.to_markdown(parse(text).blocks)


@functools.lru_cache(maxsize=4096)
def md_cell(text: str) -> str:
    """The text as one pipe-table cell (one line, `|` escaped)."""
    return markup_render.to_cell(parse(text).blocks)


_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


@functools.lru_cache(maxsize=4096)
def md_plain(text: str) -> str:
    """A value that is not Markdown (a name) in Markdown: shown as it is, on one line,
    also where it starts a line or stands in a table cell."""
    line = _WHITESPACE.sub(" ", text).strip()
    escaped = markup_render.md_escape(line).replace("|", "\\|")
    if escaped.endswith("#"):  # in a heading, a closing sequence that would be dropped
        escaped = escaped[:-1] + "\\#"
    return markup_render.md_line_start(escaped)


def to_blocks(text: str) -> list[dict[str, Any]]:
    """The text as plain JSON blocks and runs for the PDF (see `markup_render`)."""
    return markup_render.to_payload(parse(text).blocks)
