"""The Markdown fast path: plain paragraphs give exactly what Python-Markdown would."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from stj_factsheet import markup


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
SEPARATORS = st.sampled_from([" ", " ", "\n", "\n\n", "\n\n\n", "  \n", "\n ", "\n    "])


@st.composite
def prose(draw: st.DrawFn) -> str:
    words = draw(PROSE)
    text = words[0]
    for word in words[1:]:
        text += draw(SEPARATORS) + word
    return text


@settings(max_examples=1000)
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=40), prose()))
@example("Een alinea.\n\nNog een.")
@example("a\n-b")
@example("1998. Het team")
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


def test_markdown_never_takes_the_fast_path() -> None:
    for text in ["*nadruk*", "- een\n- twee", "1. een", "a & b", "[x](https://x.nl)",
                 "regel  \nbreuk", "    code", "Kop\n===", "# kop", "a <b> c", "a_b_c"]:
        assert markup.plain_paragraphs(text) is None, text
