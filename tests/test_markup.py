"""Rich text: one tree per text, the same in HTML, Markdown and the PDF payload; the
Markdown reads back as the same tree; the fast path gives what Python-Markdown gives;
processing stays fast whatever the text."""

from __future__ import annotations

import itertools
import time
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stj_factsheet.model import markdown_parse as markup_parse
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
    paragraph,
    squash,
)
from stj_factsheet.render import markup


def P(*parts: Inline | str) -> Paragraph:
    return Paragraph(tuple(Run(p) if isinstance(p, str) else p for p in parts))


def UL(*items: Block | tuple[Block, ...]) -> ListBlock:
    return ListBlock(tuple(i if isinstance(i, tuple) else (i,) for i in items))


def OL(start: int, *items: Block | tuple[Block, ...]) -> ListBlock:
    return ListBlock(UL(*items).items, numbered=True, start=start)


BR = Break()


# --- reading each format back into a tree -------------------------------------------------


class _HtmlReader(HTMLParser):
    """Our HTML → the tree, independently of the renderer: what a browser shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[Any]] = [[]]  # containers of blocks: the text, items, quotes
        self.lists: list[dict[str, Any]] = []
        self.parts: list[Inline] = []
        self.style = Run("")

    def flush(self) -> None:
        made = paragraph(self.parts)
        if made is not None:
            self.stack[-1].append(made)
        self.parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "ul", "ol", "li", "blockquote"):
            self.flush()
        if tag in ("ul", "ol"):
            self.lists.append({"numbered": tag == "ol", "items": [],
                               "start": int(dict(attrs).get("start") or 1)})
        elif tag in ("li", "blockquote"):
            self.stack.append([])
        elif tag == "strong":
            self.style = Run("", True, self.style.italic, self.style.link)
        elif tag == "em":
            self.style = Run("", self.style.bold, True, self.style.link)
        elif tag == "a":
            self.style = Run("", self.style.bold, self.style.italic, dict(attrs)["href"])
        elif tag == "br":
            self.parts.append(BR)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "ul", "ol", "li", "blockquote"):
            self.flush()
        if tag in ("ul", "ol"):
            found = self.lists.pop()
            self.stack[-1].append(ListBlock(tuple(found["items"]), found["numbered"],
                                            found["start"]))
        elif tag == "li":
            self.lists[-1]["items"].append(tuple(self.stack.pop()))
        elif tag == "blockquote":
            quote = Quote(tuple(self.stack.pop()))
            self.stack[-1].append(quote)
        elif tag == "strong":
            self.style = Run("", False, self.style.italic, self.style.link)
        elif tag == "em":
            self.style = Run("", self.style.bold, False, self.style.link)
        elif tag == "a":
            self.style = Run("", self.style.bold, self.style.italic, None)

    def handle_data(self, data: str) -> None:
        self.parts.append(Run(data, self.style.bold, self.style.italic, self.style.link))


def from_html(text: str, **kwargs: str) -> tuple[Block, ...]:
    reader = _HtmlReader()
    reader.feed(str(markup.to_html(text, **kwargs)))
    reader.close()
    reader.flush()
    return tuple(reader.stack[0])


def from_payload(blocks: list[dict[str, Any]]) -> tuple[Block, ...]:
    """The PDF payload → the tree: every field the template reads, nothing else."""
    def block(b: dict[str, Any]) -> Block:
        if b["soort"] == "alinea":
            return Paragraph(tuple(
                BR if d["soort"] == "regeleinde"
                else Run(d["tekst"], d["vet"], d["cursief"], d["link"]) for d in b["delen"]))
        if b["soort"] == "citaat":
            return Quote(from_payload(b["blokken"]))
        return ListBlock(tuple(from_payload(i) for i in b["items"]), b["genummerd"],
                         b["start"])
    return tuple(block(b) for b in blocks)


# --- one tree per construct, in every format ----------------------------------------------

CONSTRUCTS: dict[str, tuple[str, tuple[Block, ...]]] = {
    "paragraphs": ("Een alinea\n  over twee regels.\n\nNog een.",
                   (P("Een alinea\nover twee regels."), P("Nog een."))),
    "hard line break": ("Eerste regel  \nTweede regel", (P("Eerste regel", BR, "Tweede regel"),)),
    "emphasis": ("Een *nadruk* en _ook_.", (P("Een ", Run("nadruk", italic=True), " en ",
                                             Run("ook", italic=True), "."),)),
    "strong": ("Een **vet** woord.", (P("Een ", Run("vet", bold=True), " woord."),)),
    "nested emphasis": ("**vet *en schuin* vet**", (P(
        Run("vet ", bold=True), Run("en schuin", bold=True, italic=True),
        Run(" vet", bold=True)),)),
    "link": ("Zie [het rapport](https://stj.nl/rapport?a=1&b=2).", (P(
        "Zie ", Run("het rapport", link="https://stj.nl/rapport?a=1&b=2"), "."),)),
    "bold link": ("**Zie [dit](http://x.nl) nu**", (P(
        Run("Zie ", bold=True), Run("dit", bold=True, link="http://x.nl"),
        Run(" nu", bold=True)),)),
    "autolink and mail": ("<https://stj.nl/a_b> of <info@stj.nl>", (P(
        Run("https://stj.nl/a_b", link="https://stj.nl/a_b"), " of ",
        Run("info@stj.nl", link="mailto:info@stj.nl")),)),
    "bullet list": ("Doelen:\n\n- een\n- twee", (P("Doelen:"), UL(P("een"), P("twee")))),
    "nested list": ("- een\n    - een.a\n    - een.b\n- twee", (UL(
        (P("een"), UL(P("een.a"), P("een.b"))), P("twee")),)),
    "numbered list": ("3. drie\n4. vier", (OL(3, P("drie"), P("vier")),)),
    "numbered in bullets": ("- punt\n    1. stap\n    2. stap", (UL(
        (P("punt"), OL(1, P("stap"), P("stap")))),)),
    "loose list item": ("- een\n\n    met een alinea\n\n- twee", (UL(
        (P("een"), P("met een alinea")), P("twee")),)),
    "blockquote": ("> ‘Een citaat’\n> van twee regels",
                   (Quote((P("‘Een citaat’\nvan twee regels"),)),)),
    "nested quote": ("> buiten\n>\n> > binnen", (Quote((P("buiten"), Quote((P("binnen"),)))),)),
    "list in quote": ("> Zij zeggen:\n>\n> - een\n> - twee", (Quote((P("Zij zeggen:"),
                                                                     UL(P("een"), P("twee")))),)),
    "quote in list": ("- een\n\n    > citaat\n\n- twee", (UL((P("een"), Quote((P("citaat"),))),
                                                            P("twee")),)),
    "escaped characters": (r"1\. a \*b\* \[c\] \_d\_ \\ \# &amp; &lt;", (P(
        "1. a *b* [c] _d_ \\ # & <"),)),
    "literal punctuation": ("50% – ‘ja’! (zie: 1998) a < b > c & d", (P(
        "50% – ‘ja’! (zie: 1998) a < b > c & d"),)),
    "link with spaces": ("[x](https://x.nl/a b(c))", (P(Run("x", link="https://x.nl/a%20b%28c%29")),)),
}


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_each_construct_is_one_tree_in_every_format(name: str) -> None:
    text, tree = CONSTRUCTS[name]
    parsed = markup.parse(text)
    assert parsed == RichText(tree)
    assert from_html(text) == tree
    assert markup.parse(markup.md_text(text)) == RichText(tree)
    assert from_payload(markup.to_blocks(text)) == tree


def test_markdown_of_each_construct() -> None:
    assert {name: markup.md_text(text) for name, (text, _) in CONSTRUCTS.items()} == {
        "paragraphs": "Een alinea\nover twee regels.\n\nNog een.",
        "hard line break": "Eerste regel  \nTweede regel",
        "emphasis": "Een *nadruk* en *ook*.",
        "strong": "Een **vet** woord.",
        "nested emphasis": "**vet *en schuin* vet**",
        "link": "Zie [het rapport](https://stj.nl/rapport?a=1&b=2).",
        "bold link": "**Zie [dit](http://x.nl) nu**",
        "autolink and mail": "[https://stj.nl/a\\_b](https://stj.nl/a_b) of "
                             "[info@stj.nl](mailto:info@stj.nl)",
        "bullet list": "Doelen:\n\n- een\n- twee",
        "nested list": "- een\n    - een.a\n    - een.b\n- twee",
        "numbered list": "3. drie\n4. vier",
        "numbered in bullets": "- punt\n    1. stap\n    2. stap",
        "loose list item": "- een\n\n    met een alinea\n\n- twee",
        "blockquote": "> ‘Een citaat’\n> van twee regels",
        "nested quote": "> buiten\n>\n> > binnen",
        "list in quote": "> Zij zeggen:\n>\n> - een\n> - twee",
        "quote in list": "- een\n\n    > citaat\n\n- twee",
        "escaped characters": "1\\. a \\*b\\* \\[c\\] \\_d\\_ \\\\ # & &lt;",
        "literal punctuation": "50% – ‘ja’! (zie: 1998) a &lt; b > c & d",
        "link with spaces": "[x](https://x.nl/a%20b%28c%29)",
    }


def test_a_table_cell_is_one_line_with_bullets_numbers_and_escaped_bars() -> None:
    text = ("Eerst a | b.\nVerder.\n\n- een\n    - genest\n- twee  \n  regel\n\nStappen:\n\n"
            "7. zeven\n8. acht\n\n> ‘citaat’\n>\n> - in citaat")
    assert markup.md_cell(text) == (
        "Eerst a \\| b. Verder.<br><br>• een<br>◦ genest<br>• twee<br>regel<br><br>Stappen:<br><br>"
        "7. zeven<br>8. acht<br><br>> ‘citaat’<br>><br>> • in citaat")


def test_a_label_goes_before_the_first_paragraph_or_above_a_list() -> None:
    assert str(markup.to_html("Let *op* dit.", kop="LET OP:")) == (
        "<p><strong>LET OP:</strong> Let <em>op</em> dit.</p>")
    assert str(markup.to_html("- een\n- twee", kop="LET OP:")) == (
        "<p><strong>LET OP:</strong></p>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>")


def test_plain_values_in_markdown_are_escaped_also_at_the_start_of_a_line() -> None:
    assert markup.md_plain("1998. De *aanpak* | #1  <b>") == (
        "1998\\. De \\*aanpak\\* \\| #1 &lt;b>")
    assert markup.md_plain("# Kop\n> ja") == "\\# Kop > ja"
    assert markup.md_plain("- streep") == "\\- streep"


# --- the Markdown reads back as the same tree ---------------------------------------------

TOKENS = ["De", "gemeente", "1998.", "2)", "a", "*", "**", "_", "***", "[a](https://x.nl/a_b)",
          "[", "]", "(", ")", "<https://y.nl>", "<a@b.nl>", "[x](mailto:a@b.nl)", "  \n", "\n",
          "\n\n", "- ", "* ", "+ ", "1. ", "3. ", "> ", ">", "    ", "  ", " ", "\\", "&amp;",
          "&", "#", "=", "-", "---", "!", "~~~", "‘x’", "\xa0", "é", "(c)", "**a *b* c**",
          "*a **b** c*", "\n    - ", "\n        - ", "\n    ", "\n> - ", "\n\n    ", "\n1. ",
          "\n2. ", "\n- ", "\n\n- ", "\n> ", "\n>\n> ", "\n    > ", "\n    1. ", "\n\n        "]
MARKDOWN = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
@example("- De\n    - De\n> - De\n1. De")
@example("- De  \n\n> - \n\n- De")
@example("---\xa0")
@example("!<https://y.nl>")
@example("*a **b** c* [**x** y](https://x.nl) 12. ja")
def test_markdown_output_reads_back_as_the_same_tree(text: str) -> None:
    parsed = markup.parse(text)
    if parsed.unsupported:
        return  # refused by `stj check`; see test_unsupported_constructs_are_found
    assert markup.parse(markup.md_text(text)) == RichText(parsed.blocks)
    assert from_html(text) == parsed.blocks
    assert from_payload(markup.to_blocks(text)) == parsed.blocks


# --- what the tree cannot hold ------------------------------------------------------------

UNSUPPORTED = {
    "# Kop\n\ntekst": ("heading", 0),
    "tekst\n\n## Kop": ("heading", 7),
    "Kop\n===\n\ntekst": ("heading", 4),
    "Een\n\n---\n\nTwee": ("rule", 5),
    "- een\n\n    ***": ("rule", 11),
    "| a | b |\n| - | - |": ("table", 0),
    "Zie:\n\n  a | b\n  --|--": ("table", 16),
    "Foto: ![x](https://x.nl/x.png)": ("image", 6),
    "Een <b>vette</b> tekst": ("html", 4),
    "Met `code` erin": ("code", 4),
    "Tekst\n\n    code\n    meer": ("code_block", 11),
    "[klik](javascript:alert(1))": ("link", 7),
    "[klik](data:text/html,x)": ("link", 7),
    "[klik](pagina.html)": ("link", 7),
    "[klik][1]\n\n[1]: https://x.nl": ("reference", 11),
    "- > citaat": ("item_start", 0),
    "Over\n\n    - lijst\n\n- en": ("code_block", 10),
}


@pytest.mark.parametrize("text", UNSUPPORTED)
def test_unsupported_constructs_are_found(text: str) -> None:
    kind, offset = UNSUPPORTED[text]
    assert [(u.kind, u.offset) for u in markup.parse(text).unsupported][:1] == [(kind, offset)]


def test_an_unsafe_reference_never_reaches_markdown_or_html() -> None:
    for scheme in ("javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4="):
        text = f"Zie [hier][x] en [daar].\n\n[x]: {scheme}\n[daar]: {scheme}"
        assert {u.kind for u in markup.parse(text).unsupported} == {"reference", "link"}
        for rendered in (markup.md_text(text), markup.md_cell(text), str(markup.to_html(text))):
            assert scheme.split(":")[0] not in rendered, rendered
        assert markup.md_text(text) == "Zie hier en daar."


def test_raw_html_is_text_in_every_format() -> None:
    text = '<script>alert(1)</script> <img src=x onerror="alert(1)">'
    assert {u.kind for u in markup.parse(text).unsupported} == {"html"}
    assert "<script" not in str(markup.to_html(text))
    assert "<img" not in str(markup.to_html(text))
    assert markup.parse(markup.md_text(text)).blocks == markup.parse(text).blocks


# --- bounded processing -------------------------------------------------------------------

PATHOLOGICAL = {
    "unclosed brackets": "[" * 5000,
    "unclosed link targets": "[a](" * 2000,
    "unclosed images": "![" * 3000,
    "deep quotes": ">" * 5000 + " x",
    "deep lists": "".join("    " * i + "- x\n" for i in range(300)),
    "long emphasis": "*a " * 2000 + "x" + "*" * 2000,
    "long strong": "**a " * 1500 + "x" + "**" * 1500,
    "underscores": "_a " * 2000 + "x" + "_" * 2000,
    "backticks": "`a" * 4999,
    "many dash lines": "-\n" * 5000,
    "very long": "woord " * 5000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_a_pathological_text_is_processed_quickly(name: str) -> None:
    text = PATHOLOGICAL[name]
    started = time.perf_counter()
    parsed = markup.parse(text)
    markup.md_text(text), markup.md_cell(text), markup.to_html(text), markup.to_blocks(text)
    assert time.perf_counter() - started < 2  # a smoke bound; most take well under 0.5 s
    assert parsed.blocks


def test_limits_refuse_with_their_place() -> None:
    assert markup.parse("[" * 5000).unsupported == (Unsupported(0, "brackets"),)
    assert markup.parse("ok\n" + "> " * 9 + "x").unsupported == (Unsupported(3, "too_deep"),)
    # A list number in other decimal digits is a list item to Python-Markdown too (`\d`).
    assert markup.parse("ok\n٣. " + "> " * 9 + "x").unsupported == (Unsupported(3, "too_deep"),)
    assert markup.parse("a " * 25001).unsupported == (Unsupported(0, "too_long", "50.002"),)
    assert markup.parse("a\n" * 2000).unsupported == (Unsupported(0, "too_many_lines", "2.001"),)
    assert not markup.parse("[x](https://x.nl) " * 500).unsupported
    assert not markup.parse("> " * 8 + "x").unsupported


# --- the fast path ------------------------------------------------------------------------

# Letters, digits and punctuation of Dutch prose, with everything Markdown reacts to.
ALPHABET = ("abcXYZéëï019 \n\t.,;:'\"‘’“”()/%?!€+=@–—…-_*`[]<>&#\\|~^{}\xa0\x02\r")
PROSE = st.lists(
    st.sampled_from(["De", "gemeente", "heeft", "1998.", "2)", "50%", "(zie", "hier)",
                     "‘zorgwekkend’", "–", "-", "+", "=", "==", "#", "*nadruk*", "a_b",
                     "e-mail", "a&b", "<b>", "vraag?", "ja!", "4.", "Zwolle:"]),
    min_size=1, max_size=12)
SEPARATORS = st.sampled_from([" ", " ", "\n", "\n\n", "\n\n\n", "  \n", "\n ", "\n    ",
                              "\n- ", "\n- ", "\n\n- ", "\n  ", "\n  ", "\n   ", "\n  - ",
                              "\n-  ", "\n  1. ", "\n-\n", "\n* "])


@st.composite
def prose(draw: st.DrawFn) -> str:
    words = draw(PROSE)
    text = draw(st.sampled_from(["", "- ", "  ", "-  "])) + words[0]
    for word in words[1:]:
        text += draw(SEPARATORS) + word
    return text


WORD = st.sampled_from(["De", "gemeente", "heeft", "zicht", "op", "1998.", "(zie", "hier)",
                        "‘zorg’", "–", "-", "+", "=", "50%", "vraag?", "ja!", "e-mail", "2)",
                        "Zwolle:", "é", "√"])
LINE = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
INDENT = st.sampled_from(["  ", "  ", "  ", "   ", " ", "    ", "  - ", ""])


@st.composite
def bullet_list(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        lines.append(draw(st.sampled_from(["- ", "- ", "- ", "-  ", "+ "])) + draw(LINE))
        lines += [draw(INDENT) + draw(LINE) for _ in range(draw(st.integers(0, 2)))]
    return "\n".join(lines)


STRUCTURED = st.lists(st.one_of(PARAGRAPH, bullet_list()), min_size=1, max_size=4).flatmap(
    lambda blocks: st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"]).map(
        lambda gap: gap.join(blocks)))
"""Paragraphs and lists of plain words, mostly as the fast path takes them."""


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=40), prose(), STRUCTURED))
@example("Een alinea.\n\nNog een.")
@example("a\n-b")
@example("1998. Het team")
@example("Doelen:\n\n- een\n  vervolg\n- twee\n\nSlot.")
@example("- a\n\n- b")
@example("- a\n  - b")
def test_the_fast_path_gives_what_python_markdown_gives(text: str) -> None:
    fast = markup_parse.fast_blocks(text)
    full = markup_parse.full_parse(markup_parse.clean(text))
    if fast is not None:
        assert RichText(fast) == full
    assert markup.parse(text) == full


def test_plain_paragraphs_take_the_fast_path() -> None:
    text = ("De gemeente heeft geen beeld van de omvang (zie ‘doelgroep’).\nWel is bekend "
            "in welke wijken: 50% – ja!\n\nEen tweede alinea.")
    assert markup_parse.fast_blocks(text) == (
        P("De gemeente heeft geen beeld van de omvang (zie ‘doelgroep’).\nWel is bekend in "
          "welke wijken: 50% – ja!"), P("Een tweede alinea."))


def test_simple_lists_take_the_fast_path() -> None:
    text = "Met als doel:\n\n- Inwoners zijn zelfredzaam en\n  participeren.\n- Focus.\n\nSlot."
    assert markup_parse.fast_blocks(text) == (
        P("Met als doel:"), UL(P("Inwoners zijn zelfredzaam en\nparticiperen."), P("Focus.")),
        P("Slot."))


def test_markdown_never_takes_the_fast_path() -> None:
    for text in ["*nadruk*", "* een\n* twee", "1. een", "a & b", "[x](https://x.nl)",
                 "regel  \nbreuk", "    code", "Kop\n===", "# kop", "a <b> c", "a_b_c",
                 "- een\n\n- twee", "- een\n  - twee", "- een\nlui", "Tekst\n- een",
                 "a | b"]:
        assert markup_parse.fast_blocks(text) is None, text


@given(st.text(alphabet="ab \t\n\r\f\v", max_size=30))
def test_squash_makes_each_run_of_whitespace_one_space_or_one_line_break(text: str) -> None:
    """A run of whitespace becomes "\\n" when it holds a line break, else " "; the rest
    of the text is left as it is (the definition, against the two-step regex)."""
    expected = "".join(
        ("\n" if "\n" in "".join(group) else " ") if blank else "".join(group)
        for blank, group in itertools.groupby(text, key=lambda c: c in " \t\n\r\f\v"))
    assert squash(text) == expected
