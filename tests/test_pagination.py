"""The pagination and typography rules of the PDF (README.md, "De PDF"), measured from the
PDF itself: for Zwolle, Venlo and every gemeente under tests/data/*/municipalities, the
factsheet and each follow-up round."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from stj_factsheet.publish.build import build
from tests.helpers import DATA, ROOTS, build_every
from tests.pdfpagina import HOOGTE, KOP_BOVEN, VOET_ONDER, WOORD, Pagina, bbox, paginas

TABELKOPPEN = ("Indicatoren Oordeel Bevindingen", "Indicator ")
"""How a findings table's header row starts (factsheet; follow-up)."""
VERDICT = re.compile(r"(voldoet √|verbeterpunt X|geen oordeel –)")
"""A verdict as the tables print it: its word and its mark."""


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every PDF, by "<gemeente>/<file>" (a follow-up round: "<gemeente>/<ronde>/…")."""
    return build_every(tmp_path_factory, ("pdf",), "*.pdf")


def _ids() -> list[str]:
    return [f"{slug}" for _, slug in ROOTS]


def each(pdfs: dict[str, Path], slug: str) -> list[tuple[str, list[Pagina]]]:
    chosen = [(name, paginas(path)) for name, path in pdfs.items()
              if name.split("/")[0] == slug]
    assert chosen, slug
    return chosen


def gemeente_naam(pages: list[Pagina]) -> str:
    return pages[1].kop.split(" · ")[0]


@pytest.mark.parametrize("slug", _ids())
def test_pdf_a_2a_and_ua_1_are_declared_with_the_publication_month(
        pdfs: dict[str, Path], slug: str) -> None:
    """No validator for PDF/A or PDF/UA installs here (veraPDF is not packaged for
    Debian or PyPI): Typst checks both while exporting; this checks what it declares."""
    for name, path in pdfs.items():
        if name.split("/")[0] != slug:
            continue
        root = PdfReader(path).trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert "<pdfaid:part>2</pdfaid:part>" in xmp, name
        assert "<pdfaid:conformance>A</pdfaid:conformance>" in xmp, name
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp, name
        created = re.search(r"<xmp:CreateDate>(\d{4}-\d\d)-01T00:00:00Z</xmp:CreateDate>", xmp)
        assert created, name
        assert "/OutputIntents" in root, name
        assert root["/Lang"] == "nl"


@pytest.mark.parametrize("slug", _ids())
def test_a_heading_never_ends_a_page(pdfs: dict[str, Path], slug: str) -> None:
    """Nor does a table's header row or a criterium's row: each stands above a row of
    findings on the same page."""
    for name, pages in each(pdfs, slug):
        for page in pages[1:]:
            assert page.regels, (name, page.nummer)
            last = page.regels[-1]
            assert not last.is_kop, (name, page.nummer, last.tekst)
            assert not last.tekst.startswith(("Criterium: ", *TABELKOPPEN)), (
                name, page.nummer, last.tekst)
            # Nor a line all in bold that is not a verdict: a sub-heading in a text
            # (`**Hoe werkt het casusoverleg?**` ended page 12 of heerdebeek).
            assert not (last.fonts and all("Bold" in f for f in last.fonts)
                        and not VERDICT.search(last.tekst)), (name, page.nummer, last.tekst)


@pytest.mark.parametrize("slug", _ids())
def test_a_table_header_row_repeats_on_every_page_the_table_spans(
        pdfs: dict[str, Path], slug: str) -> None:
    """A page with findings (a line with a verdict's mark in a table) shows the table's
    header row above its first finding."""
    for name, pages in each(pdfs, slug):
        for page in pages[1:]:
            rows = [n for n, r in enumerate(page.regels)
                    if r.grootte < 9 and VERDICT.search(r.tekst)]
            if not rows:
                continue
            heads = [n for n, r in enumerate(page.regels) if r.tekst.startswith(TABELKOPPEN)]
            assert heads and heads[0] < rows[0], (name, page.nummer)


@pytest.mark.parametrize("slug", _ids())
def test_a_page_of_findings_names_the_criterium_of_its_first_row(
        pdfs: dict[str, Path], slug: str) -> None:
    """Between a findings table's header row and its first verdict on a page stands the
    criterium, repeated when its rows continue from the page before (the Criteria cell
    used to stay empty there)."""
    checked = 0
    for name, pages in each(pdfs, slug):
        if re.search(r"/\d{4}/", name):
            continue  # a follow-up round's tables list indicators, not criteria
        for page in pages[1:]:
            rows = [n for n, r in enumerate(page.regels)
                    if r.grootte < 9 and VERDICT.search(r.tekst)]
            if not rows:
                continue
            heads = [n for n, r in enumerate(page.regels[:rows[0]])
                     if r.tekst.startswith(TABELKOPPEN)]
            assert heads, (name, page.nummer)
            between = [r.tekst for r in page.regels[heads[-1] + 1:rows[0] + 1]]
            assert any(t.startswith("Criterium: ") for t in between), (name, page.nummer)
            checked += 1
    assert checked, slug


@pytest.mark.parametrize("slug", _ids())
def test_every_page_has_a_running_header_with_gemeente_and_aanpak(
        pdfs: dict[str, Path], slug: str) -> None:
    """The aanpak named is the one at the top of the page: one that starts there, else the
    last one started before (a follow-up's aanpak without verbeterpunten starts lower on a
    page, below the end of another)."""
    for name, pages in each(pdfs, slug):
        running_headers_name_the_aanpak_at_the_top(name, pages)


def running_headers_name_the_aanpak_at_the_top(name: str, pages: list[Pagina]) -> None:
    gemeente = gemeente_naam(pages)
    assert pages[0].kop == "", "the title page has none"
    aanpak = None
    for page in pages:
        starts = [r.tekst for r in page.regels if r.tekst.startswith("Aanpak: ") and r.is_kop]
        if page.nummer > 1:
            if page.regels and starts and page.regels[0].tekst == starts[0]:
                aanpak = starts[0]
            assert page.kop.startswith(f"{gemeente} · "), (name, page.nummer, page.kop)
            if aanpak is not None:
                assert page.kop.endswith(aanpak), (name, page.nummer, page.kop)
            assert re.fullmatch(r".+, [a-z]+ \d{4} pagina \d+", page.voet), page.voet
        aanpak = starts[-1] if starts else aanpak


@pytest.mark.parametrize("slug", _ids())
def test_no_page_but_the_last_of_a_section_is_less_than_a_third_full(
        pdfs: dict[str, Path], slug: str) -> None:
    """Sections: the introduction, and each aanpak (each starts on a new page)."""
    for name, pages in each(pdfs, slug):
        for page, volgende in itertools.pairwise(pages[1:]):
            if volgende.regels[0].tekst.startswith("Aanpak: "):
                continue  # the last page of a section
            assert page.vulling >= 1 / 3, (name, page.nummer, round(page.vulling, 2))


SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def sentences(page: Pagina) -> int:
    """How many sentences the page's body holds, its headings and the colophon left out
    (a table row with a verdict counts as two: it is never a page's lone sentence)."""
    regels = [r for r in page.regels if not r.is_kop]
    colofon = next((n for n, r in enumerate(regels) if r.tekst == "Colofon"), len(regels))
    text = " ".join(r.tekst for r in regels[:colofon])
    return len(SENTENCE_END.findall(text)) + 2 * bool(VERDICT.search(text))


def follow_ups(pdfs: dict[str, Path]) -> dict[str, Path]:
    found = {name: path for name, path in pdfs.items() if re.search(r"/\d{4}/", name)}
    assert found, "a follow-up round is built"
    return found


def test_no_page_of_a_follow_up_holds_a_single_sentence(pdfs: dict[str, Path]) -> None:
    """An aanpak without open verbeterpunten ("Deze aanpak had na 2013 geen open
    verbeterpunten.") follows on the page before: it took a page of its own for that
    sentence, beside the colophon."""
    for name, path in follow_ups(pdfs).items():
        for page in paginas(path)[1:]:
            assert sentences(page) >= 2, (name, page.nummer, [r.tekst for r in page.regels])


@pytest.mark.parametrize("volgorde", ["zonder-eerst", "zonder-laatst"])
def test_an_aanpak_without_verbeterpunten_shares_a_page_wherever_it_stands(
        tmp_path: Path, volgorde: str) -> None:
    """Voorbeeldstad's follow-up with its aanpak without verbeterpunten first, and last:
    it never holds a page alone, and the running header still names the aanpak at the
    top of each page."""
    root = tmp_path / "data"
    shutil.copytree(DATA / "fictief", root)
    gemeente = root / "municipalities" / "voorbeeldstad" / "gemeente.yaml"
    if volgorde == "zonder-eerst":
        text = gemeente.read_text(encoding="utf-8")
        gemeente.write_text(text.replace("  - wijkgerichte-gezinsaanpak\n  - gezinscoaching\n",
                                         "  - gezinscoaching\n  - wijkgerichte-gezinsaanpak\n"),
                            encoding="utf-8")
    result = build(root, ["voorbeeldstad"], tmp_path / "out", formats=("pdf",))
    assert not result.failures, result.failures
    pages = paginas(tmp_path / "out" / "voorbeeldstad" / "2015" / "factsheet.pdf")
    starts = [r.tekst for p in pages for r in p.regels if r.tekst.startswith("Aanpak: ")]
    assert starts[0 if volgorde == "zonder-eerst" else -1] == "Aanpak: Gezinscoaching"
    for page in pages[1:]:
        assert sentences(page) >= 2, (volgorde, page.nummer)
    running_headers_name_the_aanpak_at_the_top(volgorde, pages)


@pytest.mark.parametrize("slug", _ids())
def test_one_sans_family_for_text_and_marks(pdfs: dict[str, Path], slug: str) -> None:
    """Every glyph is Inter, the marks (√, X, –) included: never one of Typst's own fonts,
    never a mark from a second family. A verdict's word and its mark are one run in one
    font (bold), so the mark cannot look lighter than the word or the other marks."""
    for name, path in pdfs.items():
        if name.split("/")[0] != slug:
            continue
        reader = PdfReader(path)
        runs = _runs(reader)
        assert {font.split("-")[0] for font, _ in runs} == {"Inter"}, name
        verdicts = [font for font, text in runs if VERDICT.fullmatch(text.strip())]
        assert verdicts, name
        assert {font.removesuffix("-Identity-H") for font in verdicts} == {"Inter-Bold"}, name


def _runs(reader: PdfReader) -> list[tuple[str, str]]:
    """(font, text) of every run of text, the font without its subset prefix."""
    found: list[tuple[str, str]] = []

    def visitor(text: str, cm: object, tm: object, font: object, size: float) -> None:
        if text.strip() and font is not None:
            name = str(font.get("/BaseFont", "")).split("+")[-1]  # type: ignore[attr-defined]
            found.append((name, text))

    for page in reader.pages:
        page.extract_text(visitor_text=visitor)
    return found


@pytest.mark.parametrize("slug", ["zwolle", "venlo"])
def test_the_summary_headings_never_collide(pdfs: dict[str, Path], slug: str) -> None:
    """Each heading of the summary table is a word of its own, 6 pt or more from the
    next (they ran together as "VoldoetVerbeterpuntGemengd")."""
    words = WOORD.findall(bbox(pdfs[f"{slug}/factsheet.pdf"]))
    rows = [sorted((float(x0), float(x1)) for x0, y0, x1, _, w in words
                   if y0 == y and w in ("Voldoet", "Verbeterpunt", "Gemengd", "Geen"))
            for _, y, _, _, word in words if word == "Verbeterpunt"]
    assert rows
    for row in rows:
        assert len(row) == 4, row
        for (_, right), (left, _) in itertools.pairwise(row):
            assert left - right >= 6, row


TABLE_WORD = 10.9
"""A word at most this tall (pt, as pdftotext measures it) is table text (8.5 pt); body
text (9.5 pt) and headings are taller."""
INSET = 5
"""The findings tables' cell inset (pt, templates/factsheet.typ and vervolg.typ)."""


def _overflowing_words(page: str) -> list[str]:
    """The words of a findings table on this page (pdftotext -bbox) that run across the
    rule between two columns. The columns start where the header row's words start, less
    the inset; a criterium's row spans the table and is left out."""
    words = sorted(((float(x0), float(y0), float(x1), float(y1) - float(y0), w)
                    for x0, y0, x1, y1, w in WOORD.findall(page)
                    if HOOGTE - KOP_BOVEN < float(y0) < HOOGTE - VOET_ONDER),  # the body
                   key=lambda w: (w[1], w[0]))
    found: list[str] = []
    rules: list[float] = []
    criterium: set[float] = {y for _, y, _, _, w in words if w == "Criterium:"}
    for x0, y0, x1, height, word in words:
        if height > TABLE_WORD:
            rules = []  # a heading or body text: the table has ended
        elif word in ("Indicatoren", "Indicator") and height <= TABLE_WORD:
            rules = [w[0] - INSET for w in words if w[1] == y0 and w[0] > x0]
        elif rules and y0 not in criterium:
            found += [word for rule in rules if x0 < rule - 0.5 and x1 > rule + 0.5]
    return found


@pytest.mark.parametrize("slug", _ids())
def test_no_word_runs_out_of_its_table_cell(pdfs: dict[str, Path], slug: str) -> None:
    """A long word stays inside its column ("opschalingsmogelijkheden" ran over the rule
    into the next column of the follow-up's narrow indicator column)."""
    for name, path in pdfs.items():
        if name.split("/")[0] != slug:
            continue
        pages = bbox(path).split("<page ")[1:]
        assert pages, name
        for number, page in enumerate(pages, 1):
            assert _overflowing_words(page) == [], (name, number)
