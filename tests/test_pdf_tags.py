"""The PDF's structure tree, read back with pypdf, for Zwolle, Venlo and every gemeente
under tests/data/*/municipalities (the follow-up round included): the row headers the HTML
marks (`<th scope="row">`, `"rowgroup"`) are TH with /Scope /Row there too, with the same
text in the same order; and the parts of PDF/UA-1 that can be checked without a validator
(none installs here: veraPDF is not packaged for Debian or PyPI), with qpdf checking the
file's syntax when it is installed."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from stj_factsheet.render import pdf, pdftags
from stj_factsheet.validate.project import Project
from stj_factsheet.view import factsheet as view
from tests.helpers import REPO, ROOTS, build_every
from tests.test_facts import Element, _Tree

QPDF = shutil.which("qpdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every PDF with the HTML of the same page, by "<gemeente>/<file>" (a follow-up
    round: "<gemeente>/<ronde>/…")."""
    found = {name: (p, p.with_suffix(".html"))
             for name, p in build_every(tmp_path_factory, ("pdf", "html"), "*.pdf").items()}
    assert len(found) == len(ROOTS) + 1, "voorbeeldstad has a follow-up round"
    return found


DOCUMENTEN = ["zwolle/factsheet.pdf", "venlo/factsheet.pdf", "heerdebeek/factsheet.pdf",
              "voorbeeldstad/factsheet.pdf", "voorbeeldstad/2015/factsheet.pdf"]


def test_every_document_is_checked(built: dict[str, tuple[Path, Path]]) -> None:
    assert sorted(built) == sorted(DOCUMENTEN)


# --- the structure tree, read back --------------------------------------------------------


@dataclass
class Cel:
    soort: str
    """/TH or /TD."""
    attributen: dict[str, Any]
    """The Table attributes (/Scope, /Headers, /RowSpan, …)."""
    tekst: str
    id: str | None
    ref: IndirectObject


@dataclass
class Tabel:
    kop: list[list[Cel]] = field(default_factory=list)
    """The header row (the first row of THead)."""
    rijen: list[list[Cel]] = field(default_factory=list)
    """The rows below it, subheaders included."""
    sub: set[int] = field(default_factory=set)
    """Which of `rijen` are subheaders: only TH (the factsheet's criterium row, Typst's
    `table.header(level: 2)`), each the first row of the TBody of the rows it heads."""

    def data(self) -> list[list[Cel]]:
        """The rows of data: `rijen` without the subheaders."""
        return [row for n, row in enumerate(self.rijen) if n not in self.sub]


def kids(node: DictionaryObject) -> list[Any]:
    k = node.get("/K")
    if k is None:
        return []
    k = k.get_object() if isinstance(k, IndirectObject) else k
    return list(k) if isinstance(k, ArrayObject) else [k]


def elements(node: DictionaryObject) -> Iterator[tuple[IndirectObject, DictionaryObject]]:
    for kid in kids(node):
        if isinstance(kid, IndirectObject) and "/S" in (element := kid.get_object()):
            yield kid, element


def table_attributes(element: DictionaryObject) -> dict[str, Any]:
    a = element.get("/A")
    entries = a.get_object() if a is not None else []
    for entry in entries if isinstance(entries, ArrayObject) else [entries]:
        entry = entry.get_object()
        if isinstance(entry, DictionaryObject) and entry.get("/O") == "/Table":
            return dict(entry)
    return {}


def marked_texts(page: Any) -> dict[int, str]:
    """The text of each marked-content sequence of a page, by MCID (pypdf's text, which
    Typst writes in one BT … ET per sequence)."""
    found: dict[int, list[str]] = defaultdict(list)
    open_: list[int | None] = []

    def before(op: bytes, args: list[Any], *_: object) -> None:
        if op == b"BDC":
            props = args[1] if len(args) > 1 else None
            open_.append(props.get("/MCID") if isinstance(props, dict) else None)
        elif op == b"BMC":
            open_.append(None)
        elif op == b"EMC":
            open_.pop()

    def text(tekst: str, *_: object) -> None:
        mcid = next((m for m in reversed(open_) if m is not None), None)
        if mcid is not None:
            found[mcid].append(tekst)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {mcid: "".join(parts) for mcid, parts in found.items()}


class Document:
    """One PDF: its pages, the text of each marked-content sequence, its structure tree."""

    def __init__(self, path: Path) -> None:
        self.reader = PdfReader(path)
        self.root = self.reader.trailer["/Root"]
        self.tree = self.root["/StructTreeRoot"]
        self.paginas = {page.indirect_reference.idnum: n  # type: ignore[union-attr]
                        for n, page in enumerate(self.reader.pages)}
        self.teksten = self._teksten()

    def _teksten(self) -> dict[tuple[int, int], str]:
        """The text of every marked-content sequence, by (page index, MCID)."""
        return {(n, mcid): tekst for n, page in enumerate(self.reader.pages)
                for mcid, tekst in marked_texts(page).items()}

    def tekst(self, element: DictionaryObject, pagina: int | None = None) -> str:
        """The text of an element: its marked content and that of its descendants."""
        if "/Pg" in element:
            pagina = self.paginas[element.raw_get("/Pg").idnum]
        parts = []
        for kid in kids(element):
            if isinstance(kid, int):
                assert pagina is not None
                parts.append(self.teksten.get((pagina, kid), ""))
            elif isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                parts.append(self.tekst(kid.get_object(), pagina))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                page = self.paginas[kid.raw_get("/Pg").idnum] if "/Pg" in kid else pagina
                parts.append(self.teksten.get((page, kid["/MCID"]), ""))  # type: ignore[arg-type]
        return "".join(parts)

    def alle(self, node: DictionaryObject | None = None) -> Iterator[
            tuple[DictionaryObject, IndirectObject, DictionaryObject]]:
        """(parent, reference, element) of every structure element, in document order."""
        node = self.tree if node is None else node
        for ref, element in elements(node):
            yield node, ref, element
            yield from self.alle(element)

    def tabellen(self) -> list[Tabel]:
        found = []
        for _, _, element in self.alle():
            if element["/S"] != "/Table":
                continue
            tabel = Tabel()
            for _, part in elements(element):
                rows = [part] if part["/S"] == "/TR" else [r for _, r in elements(part)]
                for row in rows:
                    cells = [self.cel(ref, cel) for ref, cel in elements(row)]
                    if not tabel.kop:
                        assert part["/S"] == "/THead"
                        tabel.kop.append(cells)
                        continue
                    if all(c.soort == "/TH" for c in cells):
                        # A subheader heads the rows of its own TBody, not the table.
                        assert part["/S"] == "/TBody" and row is rows[0], "subheader"
                        tabel.sub.add(len(tabel.rijen))
                    tabel.rijen.append(cells)
            found.append(tabel)
        return found

    def cel(self, ref: IndirectObject, element: DictionaryObject) -> Cel:
        ident = element.get("/ID")
        return Cel(str(element["/S"]), table_attributes(element), self.tekst(element),
                   None if ident is None else str(ident), ref)

    def ids(self) -> dict[str, IndirectObject]:
        """The IDTree (flat, as Typst and the row-header step write it)."""
        entries = self.tree["/IDTree"]["/Names"]
        return {str(entries[i]): entries[i + 1] for i in range(0, len(entries), 2)}


@pytest.fixture(scope="module")
def documenten(built: dict[str, tuple[Path, Path]]) -> dict[str, Document]:
    return {name: Document(pdf_path) for name, (pdf_path, _) in built.items()}


def html_tables(path: Path) -> list[tuple[list[str], list[list[tuple[str, str]]]]]:
    """Per table of the HTML page: its column headings, and per body row its cells as
    (th, th-rowgroup or td, text)."""
    tree = _Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    found = []
    for table in tree.root.find("table"):
        koppen = [th.text() for thead in table.find("thead") for th in thead.find("th")]
        rijen = [[(c.tag + ("-rowgroup" if c.attrs.get("scope") == "rowgroup" else ""),
                   c.text()) for c in tr.children
                  if isinstance(c, Element) and c.tag in ("th", "td")]
                 for body in table.find("tbody") for tr in body.find("tr")]
        found.append((koppen, rijen))
    return found


def letters(text: str) -> str:
    """Text compared without spaces, punctuation, list bullets or Typst's hyphens."""
    return re.sub(r"[\W_]+", "", text)


# --- row headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_row_headers_are_th_with_row_scope_as_in_the_html(
        built: dict[str, tuple[Path, Path]], documenten: dict[str, Document],
        name: str) -> None:
    """Per table: the cells the HTML marks as row headers (indicator, theme, progress
    word) are TH /Scope /Row, with the HTML's text, in its order; the header row is TH
    /Scope /Column; every other cell is TD, as many as the HTML's td. The HTML's criterium
    (a `rowgroup` header) is the PDF's subheader row above its indicators, "Criterium:
    …", in the same order."""
    pdf_tables = documenten[name].tabellen()
    html = html_tables(built[name][1])
    assert len(pdf_tables) == len(html) > 0
    for n, (tabel, (koppen, rijen)) in enumerate(zip(pdf_tables, html, strict=True)):
        kop = [cel for row in tabel.kop for cel in row]
        if any(tag == "th-rowgroup" for row in rijen for tag, _ in row):
            koppen = koppen[1:]  # "Criteria": the PDF has a criterium row, not a column
        assert [c.soort for c in kop] == ["/TH"] * len(koppen), n
        assert all(c.attributen.get("/Scope") == "/Column" for c in kop), n
        body = [cel for row in tabel.data() for cel in row]
        pdf_koppen = [letters(c.tekst) for c in body if c.soort == "/TH"]
        html_koppen = [letters(text) for row in rijen for tag, text in row if tag == "th"]
        assert pdf_koppen == html_koppen, (n, "row headers: PDF, then HTML")
        groepen = [letters(cel.tekst) for i in sorted(tabel.sub) for cel in tabel.rijen[i]]
        assert groepen == [letters(f"Criterium: {text}") for row in rijen
                           for tag, text in row if tag == "th-rowgroup"], n
        assert all(c.attributen.get("/Scope") == "/Row" for c in body if c.soort == "/TH"), n
        assert {c.soort for c in body} <= {"/TH", "/TD"}
        assert (sum(c.soort == "/TD" for c in body)
                == sum(tag == "td" for row in rijen for tag, _ in row)), n


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_every_th_has_a_scope_and_an_id_in_the_id_tree(documenten: dict[str, Document],
                                                       name: str) -> None:
    """A column heading has /Scope /Column, a row header /Scope /Row; a subheader (the
    criterium) has none: it heads the rows of its TBody only, which PDF has no /Scope for,
    and is named in their /Headers (a /Scope /Column in the body said it headed the
    columns of every row below it, other criteria's included)."""
    document = documenten[name]
    ids = document.ids()
    subheaders = {cel.ref.idnum for tabel in document.tabellen()
                  for n in tabel.sub for cel in tabel.rijen[n]}
    for _, ref, element in document.alle():
        if element["/S"] == "/TH":
            scope = table_attributes(element).get("/Scope")
            if ref.idnum in subheaders:
                assert scope is None, ref
            else:
                assert scope in ("/Row", "/Column"), ref
            assert ids[str(element["/ID"])].idnum == ref.idnum


def grid(tabel: Tabel) -> list[tuple[Cel, int, range]]:
    """Every cell with its column and the rows it spans (header row first, as row 0),
    placed as in HTML: the next free column, /RowSpan and /ColSpan taken into account."""
    placed = []
    taken: set[tuple[int, int]] = set()
    for y, row in enumerate(tabel.kop + tabel.rijen):
        x = 0
        for cel in row:
            while (x, y) in taken:
                x += 1
            rows = range(y, y + int(cel.attributen.get("/RowSpan", 1)))
            width = int(cel.attributen.get("/ColSpan", 1))
            taken |= {(x + dx, r) for dx in range(width) for r in rows}
            placed.append((cel, x, rows))
            x += width
    return placed


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_every_cell_names_its_row_and_column_headers(documenten: dict[str, Document],
                                                     name: str) -> None:
    """/Headers of every cell below the header row names the column heading above it, the
    criterium's subheader row it stands under (if any), and every row header to its left
    in the rows it spans (as Typst does for its own row headers): the indicator(s) for a
    finding, the theme for a count. Each name is the ID of a TH in the IDTree."""
    document = documenten[name]
    ids = document.ids()
    for tabel in document.tabellen():
        placed = grid(tabel)
        koprijen = {0} | {1 + n for n in tabel.sub}
        koppen = [(c, x, rows) for c, x, rows in placed if c.soort == "/TH"]
        for cel, x, rows in placed:
            if rows.start in koprijen:
                continue
            headers = [str(h) for h in cel.attributen.get("/Headers", [])]
            assert all(ids[h].get_object()["/S"] == "/TH" for h in headers), headers
            boven = max(y for y in koprijen if y < rows.start)
            expected = {k.id for k, kx, krows in koppen if krows.start == boven
                        and kx <= x < kx + int(k.attributen.get("/ColSpan", 1))}
            assert expected, (name, cel.tekst[:50])
            expected |= {k.id for k, kx, krows in koppen if krows.start == 0
                         and kx <= x < kx + int(k.attributen.get("/ColSpan", 1))}
            expected |= {k.id for k, kx, krows in koppen if kx < x
                         and set(krows) & set(rows) and krows.start not in koprijen}
            assert expected <= set(headers), (name, cel.tekst[:50], expected, headers)
            if cel.soort == "/TD":
                assert any(k.attributen.get("/Scope") == "/Row" for k, kx, krows in koppen
                           if k.id in headers), (name, cel.tekst[:50])


# --- PDF/UA-1, as far as it can be checked here ------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_the_catalog_and_metadata_say_what_pdf_ua_asks(documenten: dict[str, Document],
                                                       name: str) -> None:
    """Marked, Dutch, the title shown as the window's title, and the same title in the XMP
    and in /Info (PDF/A wants them to agree; the row-header step touches neither)."""
    document = documenten[name]
    root = document.root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "nl"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    info = document.reader.metadata
    xmp = document.reader.xmp_metadata
    assert info is not None and xmp is not None and info.title
    assert xmp.dc_title == {"x-default": info.title}
    assert "/Producer" not in info, "nothing but Typst wrote /Info"


def fonts(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font of a page's resources, those of its form XObjects included."""
    resources = resources.get_object() if resources is not None else {}
    for font in resources.get("/Font", DictionaryObject()).get_object().values():
        yield font.get_object()
    for xobject in resources.get("/XObject", DictionaryObject()).get_object().values():
        if xobject.idnum not in seen and xobject.get_object().get("/Subtype") == "/Form":
            seen.add(xobject.idnum)
            yield from fonts(xobject.get_object().get("/Resources"), seen)


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_every_font_is_embedded(documenten: dict[str, Document], name: str) -> None:
    found = 0
    for page in documenten[name].reader.pages:
        for font in fonts(page.get("/Resources"), set()):
            for part in font.get("/DescendantFonts", [font]):
                descriptor = part.get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font
                found += 1
    assert found


def _first_page(node: DictionaryObject, page: Any = None) -> Any:
    """The /Pg (as written) of the first content item under `node`."""
    for kid in kids(node):
        if isinstance(kid, int):
            return page
        element = kid.get_object()
        if "/S" in element:
            found = _first_page(element, element.raw_get("/Pg") if "/Pg" in element else page)
        else:  # a marked-content reference
            found = element.raw_get("/Pg") if "/Pg" in element else page
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_tables_hold_rows_and_rows_hold_cells(documenten: dict[str, Document],
                                              name: str) -> None:
    """A Table holds TR, or THead/TBody/TFoot that hold TR; a TR holds TH and TD. And every
    structure element's /P is the element that lists it. A Table's /Pg is that of
    its first content item: the page it begins on (a checker finds a page's table by /Pg)."""
    for parent, ref, element in documenten[name].alle():
        assert element.raw_get("/P").idnum == (
            parent.indirect_reference.idnum if parent.indirect_reference else None), ref
        kinds = [str(kid["/S"]) for _, kid in elements(element)]
        if element["/S"] == "/Table":
            assert kinds and set(kinds) <= {"/TR", "/THead", "/TBody", "/TFoot"}, kinds
            assert element.raw_get("/Pg") == _first_page(element), ref
        elif element["/S"] in ("/THead", "/TBody", "/TFoot"):
            assert kinds and set(kinds) == {"/TR"}, kinds
        elif element["/S"] == "/TR":
            assert kinds and set(kinds) <= {"/TH", "/TD"}, kinds


def parent_tree(node: DictionaryObject) -> dict[int, Any]:
    nums = node.get("/Nums", [])
    found = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    for kid in node.get("/Kids", []):
        found |= parent_tree(kid.get_object())
    return found


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_the_parent_tree_resolves(documenten: dict[str, Document], name: str) -> None:
    """Every marked-content sequence of every page leads through the ParentTree to the
    structure element that lists it (by MCID, on that page)."""
    document = documenten[name]
    parents = parent_tree(document.tree["/ParentTree"])
    checked = 0
    for n, page in enumerate(document.reader.pages):
        mcids = sorted({mcid for (p, mcid) in document.teksten if p == n})
        if not mcids:
            continue
        entry = parents[int(page["/StructParents"])]
        for mcid in mcids:
            element = entry[mcid].get_object()
            pagina = element.raw_get("/Pg").idnum if "/Pg" in element else None
            listed = {kid for kid in kids(element) if isinstance(kid, int)
                      and pagina == page.indirect_reference.idnum}  # type: ignore[union-attr]
            listed |= {int(kid["/MCID"]) for kid in kids(element)
                       if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR"
                       and kid.raw_get("/Pg").idnum == page.indirect_reference.idnum}  # type: ignore[union-attr]
            assert mcid in listed, (n, mcid)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("name", DOCUMENTEN)
def test_qpdf_finds_no_syntax_error(built: dict[str, tuple[Path, Path]], name: str) -> None:
    """Debian's qpdf reads the whole file (the incremental update included) and checks its
    cross-reference sections and streams. Without qpdf this skips locally and fails under
    CI (.ci/run installs it)."""
    if QPDF is None:
        if os.environ.get("CI"):
            pytest.fail("qpdf is missing: .ci/run should have installed it", pytrace=False)
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    checked = subprocess.run([QPDF, "--check", str(built[name][0])], capture_output=True,
                             text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No syntax or stream encoding errors found" in checked.stdout


# --- the row-header step on its own ------------------------------------------------------


@pytest.fixture(scope="module")
def venlo() -> tuple[bytes, list[pdftags.Tabel], bytes]:
    """Venlo's payload typeset by Typst, untouched; its tables; the built PDF's bytes."""
    loaded, _ = Project(REPO).load("venlo")
    assert loaded is not None
    data = pdf.payload(view.factsheet(loaded))
    typst = pdf.compile_json(json.dumps(data, ensure_ascii=False, sort_keys=True))
    return typst, pdf.tabellen(data), pdf.render(view.factsheet(loaded))


def test_the_step_appends_to_typsts_bytes_and_keeps_info_xmp_and_id(
        venlo: tuple[bytes, list[pdftags.Tabel], bytes]) -> None:
    """An incremental update: Typst's bytes unchanged in front, the catalog, /Info and the
    XMP not rewritten, the trailer's /Info and /ID those of Typst's."""
    typst, tabellen, built = venlo
    assert pdftags.rijkoppen(typst, tabellen) == built
    assert built.startswith(typst) and len(built) > len(typst)
    before, after = PdfReader(io.BytesIO(typst)), PdfReader(io.BytesIO(built))
    for key in ("/Root", "/Info"):
        assert after.trailer.raw_get(key).idnum == before.trailer.raw_get(key).idnum
    assert list(after.trailer["/ID"]) == list(before.trailer["/ID"])
    update = built[len(typst):]
    rewritten = {int(n) for n in re.findall(rb"^(\d+) 0 obj$", update, re.M)}
    untouched = {before.trailer.raw_get("/Root").idnum, before.trailer.raw_get("/Info").idnum,
                 before.trailer["/Root"].raw_get("/Metadata").idnum}
    assert rewritten and not rewritten & untouched


def test_the_step_refuses_tables_other_than_the_payloads(
        venlo: tuple[bytes, list[pdftags.Tabel], bytes]) -> None:
    """A template with a table more or less, or other rows, than the payload says is
    refused, never tagged by guesswork."""
    typst, tabellen, _ = venlo
    with pytest.raises(pdftags.Afwijking, match="tables"):
        pdftags.rijkoppen(typst, tabellen[:-1])
    other = [*tabellen[:-1], pdftags.Tabel(tabellen[-1].kolommen, tabellen[-1].rijen + 1)]
    with pytest.raises(pdftags.Afwijking, match="rows"):
        pdftags.rijkoppen(typst, other)
    none = [pdftags.Tabel(0, t.rijen) for t in tabellen]
    update = pdftags.rijkoppen(typst, none)[len(typst):]
    assert b"/Scope /Row" not in update, "no row headers asked, none made"
    assert b"/Headers" in update, "the subheaders and column headings are still named"
