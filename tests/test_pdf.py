"""PDF factsheets: structure, tagging, fonts, footer and text, read back with pypdf."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from stj_factsheet.load import glyphs
from stj_factsheet.publish import workers
from stj_factsheet.publish.build import build
from stj_factsheet.validate.project import Project
from stj_factsheet.view import factsheet as view
from tests.helpers import REPO, copy_gemeente, replace, stj
from tests.test_fidelity import REFERENCES, TOOL, fidelity

MAANDEN = {"zwolle": "oktober 2013", "venlo": "september 2013"}


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
    assert b"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A" in xmp, "and PDF/A-2a"


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
    footer = f"Samenwerkend Toezicht Jeugd, {MAANDEN[gemeente]} pagina "
    assert footer not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"{footer}{number}" in text, number
    content = pdfs[gemeente].pages[1].get_contents().get_data()  # type: ignore[union-attr]
    assert b"/Artifact" in content, "the footer is marked as an artifact"


def test_page_counts(pdfs: dict[str, PdfReader]) -> None:
    """Rows are kept whole, but a criterium's rows may be split between pages (Zwolle's
    tables no longer leave half a page empty before a long criterium). Venlo went from 9
    to 8 pages when the criterium became a row above its indicators."""
    assert len(pdfs["zwolle"].pages) == 14
    assert len(pdfs["venlo"].pages) == 8


@pytest.mark.parametrize("gemeente", ["zwolle", "venlo"])
def test_the_conclusion_heading_stands_with_its_first_theme(pdfs: dict[str, PdfReader],
                                                            gemeente: str) -> None:
    """Not "Conclusie" and its introduction at the foot of a page, the columns overleaf."""
    pages = [page.extract_text() for page in pdfs[gemeente].pages]
    starts = [text for text in pages if "\nConclusie\n" in f"\n{text}\n"]
    assert starts, "no Conclusie heading found"
    for text in starts:
        assert "Wat gaat goed?" in text.split("\nConclusie\n", 1)[-1]


@pytest.mark.parametrize("gemeente", MAANDEN)
def test_every_font_is_embedded(pdfs: dict[str, PdfReader], gemeente: str) -> None:
    for page in pdfs[gemeente].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


@pytest.mark.parametrize("gemeente", MAANDEN)
def test_only_the_shipped_sans_fonts_are_embedded(pdfs: dict[str, PdfReader],
                                                  gemeente: str) -> None:
    """Inter, one family for text and marks; never one of Typst's own fonts (its serif
    Libertinus printed the √ before)."""
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1].removesuffix("-Identity-H")
             for page in pdfs[gemeente].pages for font in page["/Resources"]["/Font"].values()}
    assert all(name.startswith("Inter-") for name in names), names
    assert {"Inter-Regular", "Inter-Bold"} <= names


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
                     "Er zijn nog altijd geen afspraken over nazorg.", "niet opgepakt",
                     # the progress counts under their own labels, in the sentence's order
                     "Voortgang Aantal Opgepakt 4 Deels opgepakt 1 Niet opgepakt 2 Niet "
                     "opnieuw beoordeeld 0 Nieuw verbeterpunt 1"):
        assert expected in text, expected


def summary_counts(reader: PdfReader) -> list[list[tuple[str, list[int]]]]:
    """Per aanpak, the rows of "Samenvatting van de oordelen" as printed: theme and counts."""
    text = "\n".join(page_texts(reader))
    tables = []
    for part in text.split("Samenvatting van de oordelen\n")[1:]:
        rows = part.split("Bevindingen toezichtonderzoek")[0]
        tables.append([(m[1], [int(n) for n in m[2].split()])
                       for m in re.finditer(r"^([^\d\n]+?) ((?:\d+ ){3}\d+) ?$", rows, re.M)])
    return tables


@pytest.mark.parametrize("gemeente", MAANDEN)
def test_summary_counts_stand_under_their_headings(pdfs: dict[str, PdfReader],
                                                   gemeente: str) -> None:
    """The numbers in the PDF's summary table are the view model's, in the order of the
    headings (Voldoet, Verbeterpunt, Gemengd, Geen oordeel), for every aanpak and theme."""
    loaded, _ = Project(REPO).load(gemeente)
    assert loaded is not None
    aanpakken = view.factsheet(loaded).aanpakken
    text = " ".join(" ".join(page_texts(pdfs[gemeente])).split())
    headings = ("Samenvatting van de oordelen Thema Verdeling Voldoet Verbeterpunt Gemengd "
                "Geen oordeel")
    assert text.count(headings) == len(aanpakken), "headings apart, in this order"
    expected = [[(thema.naam, [n for _, n in thema.telling.delen()]) for thema in a.themas]
                for a in aanpakken]
    assert summary_counts(pdfs[gemeente]) == expected


def test_a_pdf_typst_refuses_fails_its_gemeente_in_dutch(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a character the fonts lack ever get past `stj check` (here the check is
    switched off), Typst refuses the PDF/UA document: the gemeente fails with a Dutch
    message that names it, exit 1, no traceback, and none of its files is written."""
    venlo = copy_gemeente(tmp_path)
    replace(venlo / "er-op-af-aanpak.yaml", "  - Wel.kom", "  - Wel.kom 张伟")
    monkeypatch.setattr(glyphs, "_unprintable", lambda: re.compile("(?!)"))
    result = stj("--root", tmp_path, "build", "venlo", "--format", "html", "--format", "pdf")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        "venlo: mislukt (1 fout)",
        "municipalities/venlo/gemeente.yaml:1:1: de PDF van Venlo kon niet worden gemaakt; "
        'Typst meldt: PDF/A-2a, PDF/UA-1 error: the text `"张"` could not be displayed with font '
        '`"Inter"` (pas de tekst aan die de melding noemt, of meld dit met deze '
        "melding aan de beheerders van stj-factsheet)",
        "0 geschreven, 0 ongewijzigd, 1 gemeente mislukt"]
    assert not (tmp_path / "out" / "venlo").exists()


BOTTOM_MARGIN = 22 / 25.4 * 72
"""The page's bottom margin (templates/_basis.typ) in points: text below it is cut off."""
A4_HEIGHT = 841.8898


def words_on_the_pages(reader: PdfReader) -> list[str]:
    """The words made of letters and digits that are drawn inside the text area of their
    page. (pypdf also extracts text drawn past the page's end, which nobody can read.)"""
    found: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if BOTTOM_MARGIN - 1 <= y <= A4_HEIGHT:
            found.extend(re.findall(r"\w+", text))

    for page in reader.pages:
        assert float(page.mediabox.top) == A4_HEIGHT
        page.extract_text(visitor_text=visit)
    return found


def long_text(prefix: str, count: int) -> tuple[list[str], str]:
    """`count` numbered words in paragraphs of 100, as a YAML block under `tekst:`."""
    words = [f"{prefix}{n:04d}" for n in range(count)]
    paragraphs = [" ".join(words[i:i + 100]) for i in range(0, count, 100)]
    return words, "|-\n" + "\n\n".join(f"      {p}" for p in paragraphs) + "\n"


@pytest.mark.parametrize("gemeente", MAANDEN)
def test_findings_that_fit_on_a_page_are_not_split(pdfs: dict[str, PdfReader],
                                                   gemeente: str) -> None:
    """Every finding of the shipped gemeenten starts and ends on the same page: a row
    that fits moves to the next page whole rather than being split mid-sentence."""
    from stj_factsheet.render.markup import to_blocks

    pages = [re.findall(r"\w+", text) for text in page_texts(pdfs[gemeente])]
    loaded, _ = Project(REPO).load(gemeente)
    assert loaded is not None
    checked = 0
    for aanpak in view.factsheet(loaded).aanpakken:
        for thema in aanpak.themas:
            for rij in (r for c in thema.criteria for r in c.bevindingen):
                for tekst in rij.teksten:
                    runs = [str(run["tekst"]) for block in to_blocks(tekst)
                            for run in _runs(block)]
                    words = re.findall(r"\w+", " ".join(runs))
                    assert any(_contains(page, words[:3]) and _contains(page, words[-3:])
                               for page in pages), words[:3]
                    checked += 1
    assert checked >= 20


def _runs(block: dict[str, object]) -> list[dict[str, object]]:
    if block["soort"] == "alinea":
        return block["delen"]  # type: ignore[return-value]
    return [run for item in block["items"] for run in item]  # type: ignore[attr-defined]


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words)))


def numbered(words: list[str], prefix: str) -> list[str]:
    return [w for w in words if re.fullmatch(f"{prefix}\\d{{4}}", w)]


def test_nothing_is_cut_off_a_long_finding_or_conclusion(tmp_path: Path) -> None:
    """A finding of 2,000 words and a conclusion of 1,200 are each taller than a page: their
    rows and blocks break across pages, and every word is printed, in order."""
    venlo = copy_gemeente(tmp_path)
    file = venlo / "er-op-af-aanpak.yaml"
    finding, finding_yaml = long_text("bevinding", 2000)
    replace(file, ">-\n      De gemeente heeft geen beeld van de omvang van de doelgroep en "
            "waar deze gezinnen\n      zich met name binnen Venlo bevinden.\n", finding_yaml)
    conclusion, conclusion_yaml = long_text("conclusie", 1200)
    replace(file, ">-\n          De zorgnetwerken in Venlo vervullen een belangrijke rol",
            conclusion_yaml.replace("      ", "          ") + "          Zorgnetwerken")
    result = build(tmp_path, ["venlo"], tmp_path / "out", formats=("pdf",))
    assert not result.failures, result.failures
    words = words_on_the_pages(PdfReader(tmp_path / "out" / "venlo" / "factsheet.pdf"))
    assert numbered(words, "bevinding") == finding
    assert numbered(words, "conclusie") == conclusion


def test_nothing_is_cut_off_a_long_follow_up_finding(tmp_path: Path) -> None:
    from tests.golden import FICTIEF as FICTIEF_ROOT

    shutil.copytree(FICTIEF_ROOT, tmp_path / "data")
    file = tmp_path / "data/municipalities/voorbeeldstad/2015/wijkgerichte-gezinsaanpak.yaml"
    finding, finding_yaml = long_text("vervolg", 2000)
    replace(file, "tekst: Ook met de scholen zijn nu samenwerkingsafspraken gemaakt.\n",
            f"tekst: {finding_yaml}")
    result = build(tmp_path / "data", ["voorbeeldstad"], tmp_path / "out", ("pdf",),
                   ronde="2015")
    assert not result.failures, result.failures
    reader = PdfReader(tmp_path / "out" / "voorbeeldstad" / "2015" / "factsheet.pdf")
    assert numbered(words_on_the_pages(reader), "vervolg") == finding


def test_after_typesetting_in_this_process_workers_are_not_forked() -> None:
    """Typst leaves threads of its own running once it has typeset a PDF (not Python
    threads); a worker forked from such a process hung on a lock one of them held. The
    pool then starts its workers from a fork server, as with other threads running."""
    from stj_factsheet.render import pdf

    pdf.compile_json("{}", b"#set document(title: \"t\")\nHallo")
    assert workers._context().get_start_method() == "forkserver"
