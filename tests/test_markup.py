"""The Markdown fast path: plain paragraphs and simple lists give exactly what
Python-Markdown would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from stj_factsheet.render import markup
from tests.helpers import REPO


def slow(text: str) -> str:
    """The full path: Python-Markdown, then the sanitiser."""
    return markup.sanitise(markup._markdown().convert(text))


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


@settings(max_examples=1000)
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=40), prose(), STRUCTURED))
@example("Een alinea.\n\nNog een.")
@example("a\n-b")
@example("1998. Het team")
@example("Doelen:\n\n- een\n  vervolg\n- twee\n\nSlot.")
@example("- a\n\n- b")
@example("- a\n  - b")
def test_the_fast_path_gives_what_python_markdown_gives(text: str) -> None:
    fast = markup.plain_paragraphs(text)
    if fast is not None:
        assert fast == slow(text)
    assert str(markup.to_html(text)) == slow(text)


def test_plain_paragraphs_take_the_fast_path() -> None:
    text = ("De gemeente heeft geen beeld van de omvang (zie ‘doelgroep’).\nWel is bekend "
            "in welke wijken: 50% – ja!\n\nEen tweede alinea.")
    assert markup.plain_paragraphs(text) == (
        "<p>De gemeente heeft geen beeld van de omvang (zie ‘doelgroep’).\nWel is bekend in "
        "welke wijken: 50% – ja!</p>\n<p>Een tweede alinea.</p>")


def test_simple_lists_take_the_fast_path() -> None:
    text = "Met als doel:\n\n- Inwoners zijn zelfredzaam en\n  participeren.\n- Focus.\n\nSlot."
    assert markup.plain_paragraphs(text) == (
        "<p>Met als doel:</p>\n<ul>\n<li>Inwoners zijn zelfredzaam en\n  participeren.</li>\n"
        "<li>Focus.</li>\n</ul>\n<p>Slot.</p>")


def test_markdown_never_takes_the_fast_path() -> None:
    for text in ["*nadruk*", "* een\n* twee", "1. een", "a & b", "[x](https://x.nl)",
                 "regel  \nbreuk", "    code", "Kop\n===", "# kop", "a <b> c", "a_b_c",
                 "- een\n\n- twee", "- een\n  - twee", "- een\nlui", "Tekst\n- een"]:
        assert markup.plain_paragraphs(text) is None, text


def test_python_markdown_is_imported_only_for_a_text_that_needs_it(tmp_path: Path) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom stj_factsheet.publish.build import build\n"
            "build(Path(sys.argv[1]), [sys.argv[2]], Path(sys.argv[3]), manifest=False)\n"
            "print('markdown' in sys.modules)\n")
    answers = {gemeente: subprocess.run(
        [sys.executable, "-c", code, str(REPO), gemeente, str(tmp_path / gemeente)],
        capture_output=True, text=True, check=True).stdout.split()[-1]
        for gemeente in ("zwolle", "venlo")}
    assert answers == {"zwolle": "False", "venlo": "True"}  # Venlo's context has **bold**
