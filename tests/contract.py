"""For tests/test_contract.py: what a reader sees in each output format, and hypothesis
strategies that write valid aanpakken with texts from a small Markdown grammar.

Every generated text comes with the words a reader of its Markdown sees (the generator
knows them; it does not ask a Markdown library), so the outputs are checked against an
independent answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import markdown
import yaml
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.helpers import REPO

# --- what a reader sees ------------------------------------------------------------------

_INLINE = {"a", "abbr", "b", "bdi", "code", "em", "i", "mark", "q", "s", "small", "span",
           "strong", "sub", "sup", "time"}


class _Text(HTMLParser):
    """The text of an HTML document; block-level tags separate words, inline tags do not."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    parser.close()
    return unicodedata.normalize("NFC", "".join(parser.parts))


def markdown_text(source: str) -> str:
    """What a reader of Markdown sees: its text once rendered (pipe tables included)."""
    return html_text(markdown.markdown(source, extensions=["tables"]))


def pdf_text(path: Path) -> str:
    """The text inside the pages of a PDF: text placed outside a page's box (run off the
    bottom of a page) is lost to a reader, so it is left out."""
    reader = PdfReader(path)
    assert reader.pages, f"{path} has no pages"
    parts: list[str] = []
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visible(text: str, cm: Any, tm: Any, _font: Any, _size: Any,
                    width: float = width, height: float = height) -> None:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if not text.strip() or (0 <= x <= width and 0 <= y <= height):
                parts.append(text)

        page.extract_text(visitor_text=visible)
        parts.append("\n")
    return unicodedata.normalize("NFC", "".join(parts))


def missing_words(words: Iterable[str], text: str) -> list[str]:
    """The words (with repeats) that `text` does not hold as often as `words` do."""
    need = Counter(unicodedata.normalize("NFC", w) for w in words)
    return sorted((need - Counter(text.split())).elements())


def missing_in_pdf(words: Iterable[str], text: str) -> list[str]:
    """The words not in the PDF text. Table cells and line breaks may join or split words
    in extracted text, so each word is looked for with all whitespace removed."""
    flat = "".join(text.split())
    return sorted({w for w in words if unicodedata.normalize("NFC", w) not in flat})


def source_words(texts: Iterable[str]) -> list[str]:
    """The words a reader of these Markdown texts sees."""
    return [w for text in texts for w in markdown_text(text).split()]


# --- an aanpak as YAML data --------------------------------------------------------------


def finding_texts(aanpak: dict[str, Any]) -> list[str]:
    """Every text of every finding: its own, its verdicts' and its LET OP."""
    texts = []
    for bevinding in aanpak["bevindingen"]:
        texts += [bevinding.get("tekst"), bevinding.get("let_op")]
        texts += [o.get("tekst") for o in bevinding.get("oordelen") or ()]
    return [t for t in texts if t]


def aanpak_texts(aanpak: dict[str, Any]) -> list[str]:
    """Every Markdown text of an aanpak: description, findings, hand-written conclusions."""
    return [aanpak["beschrijving"], *finding_texts(aanpak)] + [
        p["tekst"] for c in aanpak.get("conclusies", {}).values() for p in c["goed"] + c["beter"]]


def name_words(aanpak: dict[str, Any]) -> list[str]:
    """The words of an aanpak's plain-text values: its name and its netwerkpartners."""
    return [w for name in [aanpak["naam"], *aanpak["netwerkpartners"]] for w in name.split()]


def summary(verdicts: set[str]) -> str:
    """An indicator's verdicts in one word, as the README defines it."""
    judged = verdicts - {"geen"}
    if judged == {"voldoet", "verbeterpunt"}:
        return "gemengd"
    return judged.pop() if judged else "geen"


def verdicts_in(aanpak: dict[str, Any]) -> dict[str, str]:
    """Per indicator the summarised verdict, read from an aanpak as written in YAML."""
    given: dict[str, set[str]] = {}
    for bevinding in aanpak["bevindingen"]:
        for oordeel in bevinding.get("oordelen") or [{"oordeel": bevinding["oordeel"]}]:
            for indicator in oordeel.get("indicatoren") or bevinding["indicatoren"]:
                given.setdefault(indicator, set()).add(oordeel["oordeel"])
    return {indicator: summary(v) for indicator, v in given.items()}


# --- texts from a small Markdown grammar -------------------------------------------------

DUTCH = ("De", "gemeente", "heeft", "geen", "beeld", "van", "de", "doelgroep", "netwerkpartners",
         "zorg", "één", "gezin", "casuïstiek", "geëvalueerd", "‘zorgmijdend’", "regisseur",
         "coördinatie", "2013", "50%", "(zie", "bijlage)", "e-mail:", "vóór", "reëel", "naïef")
"""Words that may start a line: none opens a block (a list, a quote, a heading)."""
TRICKY = ("<b>", "a&b", "R&D", "x|y", "{#id}", "*", "_", "\\", "#1", "[1](bijlage)", "a_b_c",
          "<script>", "`code`", "2*3*4", "C:\\map", "50%-100%", "{{", "}}", "$x$", "@gezin")
"""Words a renderer may take for markup of its own (HTML, Markdown, tables, Typst)."""
ALPHABET = "".join([
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    # Accented Latin, but not U+0149 (ŉ, deprecated by Unicode; Inter lacks it).
    "".join(chr(c) for c in range(0xC0, 0x180) if chr(c).isalpha() and c != 0x149),
    "‘’“”„‚–—…•€£©°±§·«»‹›‰′″√αβγΩπЖжЯя",  # typographic, Greek, Cyrillic
    "<>&|*_[]\\{}#()!`.,;:?'\"/%@$^~+=-",  # what Markdown, HTML, tables or Typst react to
])
"""Characters of running text; the shipped Inter has every one."""
OUTSIDE_FONTS = ("中文", "😀", "अब", "ب", "𝄞")
"""Words the shipped fonts cannot show: other scripts, emoji."""
CONTROL = ("a\x01b", "\x1b[0m", "x\x02y\x03")
"""Words with control characters: no font shows them, and Python-Markdown uses \x02 and
\x03 as placeholders of its own."""

_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")
_MARKUP = re.compile(r"([\\`*_\[\]])")
_BLOCK_START = re.compile(r"[#>+=-]|\d+[.)]")


MD_ESCAPED_LINKS = True
r"""Words like `\[1\](bijlage)` (escaped brackets before parentheses) are generated too."""


def unambiguous(word: str) -> bool:
    """Markdown reads the word as its characters once `_MARKUP` is escaped: it is no
    character reference and cannot open an autolink (`<http…>`, `<a@b>`)."""
    return not (_ENTITY.search(word) or ("<" in word and ">" in word)
                or re.search(r"<[hHfF]", word) or ("](" in word and not MD_ESCAPED_LINKS))


WORDS = (st.sampled_from(DUTCH + TRICKY)
         | st.text(ALPHABET, min_size=1, max_size=8)).filter(unambiguous)


def plain_in_md(name: str) -> bool:
    """Whether a name reads as itself at the edges of a Markdown line (every name does
    since `markup.md_plain` escapes block markers; kept as the place to narrow if not)."""
    return True


NAMES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join).filter(plain_in_md)
URLS = st.sampled_from(["https://www.example.org/", "http://example.org/a?b=1&c=2",
                        "mailto:toezicht@example.org", "https://example.org/ë"])


class Rich(NamedTuple):
    """A text as Markdown source, and the words a reader of it sees."""

    source: str
    words: list[str]


@st.composite
def inline(draw: st.DrawFn, one_line: bool = False) -> Rich:
    """Runs of words: plain, *emphasis*, _emphasis_, **strong** or a [link](url), joined
    by spaces or (unless `one_line`) soft or hard line breaks."""
    first = draw(st.sampled_from(DUTCH))  # no line starts with what opens a block
    source, words = first, [first]
    for _ in range(draw(st.integers(0, 5))):
        run = draw(st.lists(WORDS, min_size=1, max_size=4))
        text = " ".join(_MARKUP.sub(r"\\\1", w) for w in run)
        kind = draw(st.sampled_from(["plain", "plain", "em", "em_", "strong", "link"]))
        text = {"plain": text, "em": f"*{text}*", "em_": f"_{text}_", "strong": f"**{text}**",
                "link": f"[{text}]({draw(URLS)})"}[kind]
        gap = " " if one_line else draw(st.sampled_from([" ", " ", "\n", "  \n"]))
        source += (" " if _BLOCK_START.match(text) else gap) + text
        words += run
    return Rich(source, words)


@st.composite
def block(draw: st.DrawFn, lists: bool = True) -> Rich:
    """A paragraph, a blockquote, or a bullet or numbered list (possibly nested)."""
    kinds = ["alinea", "alinea", "citaat"] + (["lijst", "genummerd"] if lists else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "alinea":
        return draw(inline())
    if kind == "citaat":
        quoted = draw(inline())
        return Rich("\n".join("> " + line for line in quoted.source.split("\n")), quoted.words)
    lines, words = [], []
    for n in range(1, draw(st.integers(1, 4)) + 1):
        item = draw(inline(one_line=True))
        lines.append(("- " if kind == "lijst" else f"{n}. ") + item.source)
        words += item.words
        for m in range(1, draw(st.integers(0, 2)) + 1):
            nested = draw(inline(one_line=True))
            lines.append("    " + draw(st.sampled_from(["- ", f"{m}. "])) + nested.source)
            words += nested.words
    return Rich("\n".join(lines), words)


def rich(lists: bool = True) -> st.SearchStrategy[Rich]:
    """One to three blocks."""
    return st.lists(block(lists), min_size=1, max_size=3).map(
        lambda blocks: Rich("\n\n".join(b.source for b in blocks),
                            [w for b in blocks for w in b.words]))


STOCK = (
    "De gemeente heeft geen beeld van de omvang van de doelgroep.",
    "Alle netwerkpartners kennen het aanmeldpunt.",
    "Er is één regisseur die de zorg aan het gezin op elkaar afstemt.",
    "De doorzettingsmacht van de regisseur is niet geregeld.",
    "Volgens twee van de drie netwerkpartners is er geen gezamenlijk plan.",
    "De aanpak is in 2012 geëvalueerd; het beleid is daarna bijgesteld.",
    "Hierover is geen informatie verkregen.",
    "Gezinnen wachten soms weken op specialistische hulp (zie bijlage 2).",
)
"""Plain sentences: most texts are one, which keeps an aanpak cheap to generate and
spends the drawn Markdown on fewer texts."""


class Texts:
    """The texts drawn for one data tree, with the words a reader sees in each."""

    def __init__(self) -> None:
        self.words: dict[str, list[str]] = {}

    def text(self, draw: st.DrawFn, lists: bool = True, room: int | None = None) -> str:
        """Mostly a plain sentence; one in four drawn from the grammar, unless that is
        longer than `room` characters."""
        text = draw(rich(lists)) if draw(st.integers(0, 3)) == 0 else None
        if text is None or (room is not None and len(text.source) > room):
            sentence = draw(st.sampled_from(STOCK))
            text = Rich(sentence, sentence.split())
        self.words[text.source] = text.words
        return text.source

    def long(self, draw: st.DrawFn) -> str:
        """10 to 60 numbered paragraphs (up to some 3,000 words), so that a paragraph that
        goes missing is told by its number."""
        text = "\n\n".join(
            " ".join([f"deel-{n}.", *(STOCK[(n * 3 + s) % len(STOCK)] for s in range(5))])
            for n in range(draw(st.integers(10, 60))))
        self.words[text] = text.split()
        return text


# --- aanpakken over the kader ------------------------------------------------------------

KADER = yaml.safe_load((REPO / "frameworks" / "ggsr-2013.yaml").read_text(encoding="utf-8"))
THEMAS: dict[str, list[list[str]]] = {
    thema["id"]: [[i["id"] for i in criterium["indicatoren"]] for criterium in thema["criteria"]]
    for thema in KADER["themas"]}
VERDICTS = ("voldoet", "verbeterpunt", "geen")
Pattern = dict[str, list[str]]


class Limits(NamedTuple):
    """What the generated data stays within (for outputs that cannot take more yet)."""

    row: int | None = None
    """Characters of text in one finding (one table row); None: any number, and now and
    then a text of thousands of words."""
    let_op_lists: bool = True
    """Whether a LET OP may hold a list."""


@st.composite
def patterns(draw: st.DrawFn) -> Pattern:
    """Any verdict pattern: per indicator one, two or three different verdicts."""
    return {indicator: draw(st.lists(st.sampled_from(VERDICTS), min_size=1, max_size=3,
                                     unique=True))
            for criteria in THEMAS.values() for criterium in criteria for indicator in criterium}


def finding(draw: st.DrawFn, texts: Texts, own: Pattern, limits: Limits) -> dict[str, Any]:
    """One finding about the indicators of `own`, with their verdicts: one `oordeel` when
    they share one, else `oordelen` naming the indicators of each."""
    used = 0

    def text(lists: bool = True) -> str:
        nonlocal used
        source = texts.text(draw, lists, None if limits.row is None else limits.row - used)
        used += len(source)
        return source

    group = list(own)
    verdicts = list(dict.fromkeys(v for i in group for v in own[i]))
    bevinding: dict[str, Any] = {"indicatoren": group}
    if all(own[i] == verdicts for i in group) and len(verdicts) == 1 and draw(st.booleans()):
        bevinding |= {"oordeel": verdicts[0], "tekst": text()}
    else:
        whole = len(group) == 1 and draw(st.booleans())  # no `indicatoren`: all of them
        bevinding["oordelen"] = [
            {"oordeel": v, **({} if whole else {"indicatoren": [i for i in group if v in own[i]]}),
             "tekst": text()} for v in verdicts]
        if draw(st.integers(0, 3)) == 0:
            bevinding["tekst"] = text()
    if draw(st.integers(0, 4)) == 0:
        bevinding["let_op"] = text(lists=limits.let_op_lists)
    return bevinding


@st.composite
def findings(draw: st.DrawFn, texts: Texts, criterium: list[str], pattern: Pattern,
             limits: Limits) -> list[dict[str, Any]]:
    """A criterium's indicators in consecutive groups, one finding each; an indicator's
    last verdict may go to a finding of its own (an indicator judged in two findings)."""
    result, start = [], 0
    while start < len(criterium):
        end = draw(st.integers(start + 1, len(criterium)))
        own = {i: pattern[i] for i in criterium[start:end]}
        apart = [(i, v[-1]) for i, v in own.items() if len(v) > 1 and draw(st.booleans())]
        own |= {i: own[i][:-1] for i, _ in apart}
        result.append(finding(draw, texts, own, limits))
        result += [{"indicatoren": [i], "oordeel": v, "tekst": texts.text(draw, room=limits.row)}
                   for i, v in apart]
        start = end
    return result


def conclusie(draw: st.DrawFn, texts: Texts, criteria: list[list[str]],
              pattern: Pattern) -> dict[str, Any]:
    """A hand-written conclusion that agrees with the verdicts: 'goed' names indicators
    with a √, and one 'beter' point names every indicator with an X."""
    indicatoren = [i for criterium in criteria for i in criterium]
    goed = [i for i in indicatoren if "voldoet" in pattern[i]]
    beter = [i for i in indicatoren if "verbeterpunt" in pattern[i]]
    punten: dict[str, list[dict[str, Any]]] = {"goed": [], "beter": []}
    if goed and draw(st.booleans()):
        named = draw(st.lists(st.sampled_from(goed), min_size=1, max_size=3, unique=True))
        punten["goed"].append({"tekst": texts.text(draw), "indicatoren": named})
    if beter:
        punten["beter"].append({"tekst": texts.text(draw), "indicatoren": beter})
    return punten


@st.composite
def aanpakken(draw: st.DrawFn, texts: Texts, limits: Limits) -> dict[str, Any]:
    """A valid aanpak: every indicator of the kader covered, any verdicts, any texts, and
    hand-written conclusions for some themes (the others are derived)."""
    pattern = draw(patterns())
    aanpak: dict[str, Any] = {
        "naam": draw(NAMES), "netwerkpartners": draw(st.lists(NAMES, max_size=3)),
        "aantal_gezinnen": draw(st.integers(0, 10**6)), "beschrijving": texts.text(draw),
        "bevindingen": [bevinding for criteria in THEMAS.values() for criterium in criteria
                        for bevinding in draw(findings(texts, criterium, pattern, limits))]}
    if limits.row is None and draw(st.integers(0, 4)) == 0:
        aanpak["bevindingen"][-1]["tekst"] = texts.long(draw)
    conclusies = {thema: conclusie(draw, texts, criteria, pattern)
                  for thema, criteria in THEMAS.items() if draw(st.booleans())}
    return aanpak | ({"conclusies": conclusies} if conclusies else {})
