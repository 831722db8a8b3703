"""The pagination and typography rules of the PDF (README.md, "De PDF"), measured from the
PDF itself: for Zwolle, Venlo and every gemeente under tests/data/*/municipalities, the
factsheet and each follow-up round."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from stj_factsheet.publish.build import build
from tests.helpers import REPO
from tests.pdfpagina import Pagina, paginas

DATA = Path(__file__).resolve().parent / "data"
ROOTS = [(REPO, "zwolle"), (REPO, "venlo")] + [
    (folder.parent.parent, folder.name)
    for folder in sorted(DATA.glob("*/municipalities/*")) if folder.is_dir()]
TABELKOPPEN = ("Criteria Indicatoren Oordeel Bevindingen", "Indicator ")
"""How a findings table's header row starts (factsheet; follow-up)."""
MERKEN = set("√X–")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every PDF, by "<gemeente>/<file>" (a follow-up round: "<gemeente>/<ronde>/…")."""
    found: dict[str, Path] = {}
    for root, slug in ROOTS:
        out = tmp_path_factory.mktemp(slug)
        result = build(root, [slug], out, formats=("pdf",))
        assert not result.failures, result.failures
        found |= {str(p.relative_to(out)): p for p in sorted(out.rglob("*.pdf"))}
    return found


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
    for name, pages in each(pdfs, slug):
        for page in pages[1:]:
            assert page.regels, (name, page.nummer)
            assert not page.regels[-1].is_kop, (name, page.nummer, page.regels[-1].tekst)


@pytest.mark.parametrize("slug", _ids())
def test_a_table_header_row_repeats_on_every_page_the_table_spans(
        pdfs: dict[str, Path], slug: str) -> None:
    """A page with findings (a line with a verdict's mark in a table) shows the table's
    header row above its first finding."""
    for name, pages in each(pdfs, slug):
        for page in pages[1:]:
            rows = [n for n, r in enumerate(page.regels)
                    if r.grootte < 9 and any("DejaVu" in f for f in r.fonts)]
            if not rows:
                continue
            heads = [n for n, r in enumerate(page.regels) if r.tekst.startswith(TABELKOPPEN)]
            assert heads and heads[0] < rows[0], (name, page.nummer)


@pytest.mark.parametrize("slug", _ids())
def test_every_page_has_a_running_header_with_gemeente_and_aanpak(
        pdfs: dict[str, Path], slug: str) -> None:
    for name, pages in each(pdfs, slug):
        gemeente = gemeente_naam(pages)
        assert pages[0].kop == "", "the title page has none"
        aanpak = None
        for page in pages[1:]:
            starts = [r.tekst for r in page.regels if r.tekst.startswith("Aanpak: ")
                      and r.is_kop]
            aanpak = starts[0] if starts else aanpak
            assert page.kop.startswith(f"{gemeente} · "), (name, page.nummer, page.kop)
            if aanpak is not None:
                assert page.kop.endswith(aanpak), (name, page.nummer, page.kop)
            assert re.fullmatch(r".+, [a-z]+ \d{4} pagina \d+", page.voet), page.voet


@pytest.mark.parametrize("slug", _ids())
def test_no_page_but_the_last_of_a_section_is_less_than_a_third_full(
        pdfs: dict[str, Path], slug: str) -> None:
    """Sections: the introduction, and each aanpak (each starts on a new page)."""
    for name, pages in each(pdfs, slug):
        for page, volgende in itertools.pairwise(pages[1:]):
            if volgende.regels[0].tekst.startswith("Aanpak: "):
                continue  # the last page of a section
            assert page.vulling >= 1 / 3, (name, page.nummer, round(page.vulling, 2))


@pytest.mark.parametrize("slug", _ids())
def test_one_sans_family_for_text_and_one_for_the_marks(pdfs: dict[str, Path],
                                                       slug: str) -> None:
    """Text is Noto Sans; every verdict mark (√, X, –) is DejaVu Sans, and DejaVu Sans
    sets nothing else: never one of Typst's own fonts, never a mark in two families."""
    for name, path in pdfs.items():
        if name.split("/")[0] != slug:
            continue
        reader = PdfReader(path)
        embedded = {str(font.get_object()["/BaseFont"]).split("+")[-1]
                    for page in reader.pages for font in page["/Resources"]["/Font"].values()}
        assert all(n.startswith(("NotoSans-", "DejaVuSans")) for n in embedded), embedded
        for page in paginas(reader):
            for regel in page.regels:
                if not any("DejaVu" in f for f in regel.fonts):
                    continue
                assert regel.fonts & {"NotoSans-Regular", "NotoSans-Bold"} or set(
                    regel.tekst.replace(" ", "")) <= MERKEN, regel.tekst
        marks = _runs(reader)
        assert marks, name
        assert all(text <= MERKEN for font, text in marks if "DejaVu" in font), name
        assert all(not text & {"√"} for font, text in marks if "DejaVu" not in font), name


def _runs(reader: PdfReader) -> list[tuple[str, set[str]]]:
    found: list[tuple[str, set[str]]] = []

    def visitor(text: str, cm: object, tm: object, font: object, size: float) -> None:
        if text.strip() and font is not None:
            name = str(font.get("/BaseFont", "")).split("+")[-1]  # type: ignore[attr-defined]
            found.append((name, set(text) - {" ", "\n"}))

    for page in reader.pages:
        page.extract_text(visitor_text=visitor)
    return found


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is missing")
@pytest.mark.parametrize("slug", ["zwolle", "venlo"])
def test_the_summary_headings_never_collide(pdfs: dict[str, Path], slug: str) -> None:
    """Each heading of the summary table is a word of its own, 6 pt or more from the
    next (they ran together as "VoldoetVerbeterpuntGemengd")."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdfs[f"{slug}/factsheet.pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="[\d.]+">([^<]*)</word>', bbox)
    rows = [sorted((float(x0), float(x1)) for x0, y0, x1, w in words
                   if y0 == y and w in ("Voldoet", "Verbeterpunt", "Gemengd", "Geen"))
            for _, y, _, word in words if word == "Verbeterpunt"]
    assert rows
    for row in rows:
        assert len(row) == 4, row
        for (_, right), (left, _) in itertools.pairwise(row):
            assert left - right >= 6, row
