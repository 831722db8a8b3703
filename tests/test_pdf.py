"""PDF factsheets: structure, tagging, fonts, footer and text, read back with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from stj_factsheet.publish.build import build
from tests.helpers import REPO
from tests.test_fidelity import REFERENCES, TOOL, fidelity

MAANDEN = {"zwolle": "Oktober 2013", "venlo": "September 2013"}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PdfReader]:
    out = tmp_path_factory.mktemp("pdf")
    result = build(REPO, list(MAANDEN), out, formats=("pdf",))
    assert not result.failures
    return {g: PdfReader(out / g / "factsheet.pdf") for g in MAANDEN}


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


@pytest.mark.parametrize("gemeente", MAANDEN)
def test_document_metadata_language_and_structure(pdfs: dict[str, PdfReader],
                                                   gemeente: str) -> None:
    reader = pdfs[gemeente]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None
    assert reader.metadata.title == f"Uitkomsten toezichtonderzoek {gemeente.capitalize()}"
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp, "claims PDF/UA-1 (Typst enforces it while compiling)"


def _tags(node: object, found: set[str]) -> set[str]:
    node = node.get_object()  # type: ignore[attr-defined]
    if isinstance(node, dict):
        if "/S" in node:
            found.add(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object") or isinstance(kid, dict | list):
                    _tags(kid, found)
    elif isinstance(node, list):
        for kid in node:
            _tags(kid, found)
    return found


def test_structure_tree_has_headings_tables_and_header_cells(
        pdfs: dict[str, PdfReader]) -> None:
    tags = _tags(pdfs["venlo"].trailer["/Root"]["/StructTreeRoot"], set())
    assert {"/Table", "/TR", "/TH", "/TD", "/H1", "/H2", "/L", "/LI"} <= tags, tags


@pytest.mark.parametrize("gemeente", MAANDEN)
def test_footer_with_page_numbers_after_the_title_page(pdfs: dict[str, PdfReader],
                                                        gemeente: str) -> None:
    texts = page_texts(pdfs[gemeente])
    footer = (f"Uitkomsten toezichtonderzoek {gemeente.capitalize()} - Samenwerkend Toezicht "
              f"Jeugd {MAANDEN[gemeente]} | ")
    assert footer not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"{footer}{number}" in text, number
    content = pdfs[gemeente].pages[1].get_contents().get_data()  # type: ignore[union-attr]
    assert b"/Artifact" in content, "the footer is marked as an artifact"


def test_page_counts(pdfs: dict[str, PdfReader]) -> None:
    assert len(pdfs["zwolle"].pages) == 15
    assert len(pdfs["venlo"].pages) == 9


@pytest.mark.parametrize("gemeente", MAANDEN)
def test_every_font_is_embedded(pdfs: dict[str, PdfReader], gemeente: str) -> None:
    for page in pdfs[gemeente].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_a_pdf_build_is_deterministic(tmp_path: Path, pdfs: dict[str, PdfReader]) -> None:
    first = build(REPO, ["venlo"], tmp_path / "a", formats=("pdf",))
    second = build(REPO, ["venlo"], tmp_path / "b", formats=("pdf",))
    assert not first.failures and not second.failures
    assert ((tmp_path / "a" / "venlo" / "factsheet.pdf").read_bytes()
            == (tmp_path / "b" / "venlo" / "factsheet.pdf").read_bytes())


@pytest.mark.skipif(not TOOL.is_file(), reason="../shared is not beside the repo")
@pytest.mark.parametrize(("gemeente", "floor"), [("zwolle", 0.97), ("venlo", 0.98)])
def test_pdf_text_reproduces_the_published_text(pdfs: dict[str, PdfReader], gemeente: str,
                                                floor: float, tmp_path: Path) -> None:
    """See tests/test_fidelity.py for why Zwolle's figure with verdict words is < 0.98."""
    text = "\n".join(page_texts(pdfs[gemeente]))
    with_words = tmp_path / "met-oordeelwoorden.txt"
    with_words.write_text(text, encoding="utf-8")
    assert fidelity(gemeente, with_words) >= floor
    without = tmp_path / "zonder-oordeelwoorden.txt"
    without.write_text(re.sub(r"\b(voldoet|verbeterpunt|geen oordeel) (?=[√X–])", "", text),
                       encoding="utf-8")
    assert fidelity(gemeente, without) >= 0.98
    assert gemeente in REFERENCES


def test_follow_up_pdf_is_tagged_dutch_and_says_what_it_is(tmp_path: Path) -> None:
    """The fictional gemeente's 2015 round as PDF: PDF/UA, /Lang nl, the progress summary,
    then and now per verbeterpunt, and the notice that the data is made up."""
    from stj_factsheet.view.factsheet import FICTIEF
    from tests.golden import FICTIEF as FICTIEF_ROOT

    result = build(FICTIEF_ROOT, ["voorbeeldstad"], tmp_path, ("pdf",), ronde="2015")
    assert not result.failures
    reader = PdfReader(tmp_path / "voorbeeldstad" / "2015" / "factsheet.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "pdfuaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in ("Uitkomsten verbeterpunten toezichtonderzoek Voorbeeldstad", FICTIEF,
                     "Van de 7 verbeterpunten uit 2013 zijn er 4 opgepakt",
                     "Er zijn geen afspraken over nazorg.",
                     "Er zijn nog altijd geen afspraken over nazorg.", "niet opgepakt"):
        assert expected in text, expected
