"""Two PDF/UA checkers we did not write, pinned in pyproject.toml's test extras, on every
kind of PDF: the factsheets of Zwolle, Venlo and each gemeente under tests/data (heerdebeek
has every construct the data format allows) and a follow-up round (voorbeeldstad 2015); the
national overview has no PDF. `outloud` (PDF/UA-1, WCAG 2.2 and semantic checks) runs as
`outloud FILE --json -`, `pdfua` (the machine-checkable part of PDF/UA-1) as
`pdfua check --format json FILE`.

Every finding is fixed, or it is one of `UITZONDERINGEN`: a rule the checker applies on an
assumption our structure tree does not meet. README.md ("What the PDF checkers misread")
says for each what the checker assumed and what the tree holds, with the command that shows
it; here each exception names its checker, rule, kind of PDF and the element it is about,
and comes with a proof that runs on the file at hand (`bewijs`): a finding that matches an
exception whose proof fails, or that matches none, fails the test. So does an exception no
file needs any more, and a rule a checker could not run. Without the checkers the tests skip
locally and fail under CI (.ci/run installs them with the test extras)."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

from stj_factsheet.publish.build import build
from tests.helpers import ROOTS, build_every
from tests.pdfpagina import KOP_BOVEN, VOET_ONDER
from tests.test_pdf_tags import Document, Tabel, elements, grid, kids


def _tool(name: str) -> str | None:
    """A console script of the venv the tests run in, else one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


OUTLOUD, PDFUA = _tool("outloud"), _tool("pdfua")
if OUTLOUD is None or PDFUA is None:
    if os.environ.get("CI"):
        pytest.fail("outloud or pdfua is missing: `make test` installs them (.[test])",
                    pytrace=False)
    pytest.skip("outloud or pdfua is not installed (pip install -e '.[test]')",
                allow_module_level=True)

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Bevinding:
    """One finding, of either checker, as the allowlist reads it."""

    checker: str
    regel: str
    pagina: int | None
    tekst: str
    """The message and the evidence, as `message | evidence`."""
    vakken: tuple[Vak, ...] = ()
    """The regions of the page(s) the finding is about (outloud's `boxes`)."""


@dataclass(frozen=True)
class Vak:
    """A rectangle on a page (1-based), in PDF user space (points, from the bottom left)."""

    pagina: int
    x0: float
    y0: float
    x1: float
    y1: float

    def bevat(self, x: float, y: float, marge: float = 2.0) -> bool:
        return (self.x0 - marge <= x <= self.x1 + marge
                and self.y0 - marge <= y <= self.y1 + marge)


@dataclass(frozen=True)
class Pdf:
    naam: str
    """"<gemeente>/factsheet.pdf", a follow-up round "<gemeente>/<ronde>/factsheet.pdf"."""
    pad: Path

    @property
    def soort(self) -> str:
        return "vervolg" if re.search(r"/\d{4}/", self.naam) else "factsheet"


# --- what the checkers say -----------------------------------------------------------------


def outloud(path: Path) -> list[Bevinding]:
    done = subprocess.run([str(OUTLOUD), str(path), "--json", "-"], capture_output=True,
                          text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    [result] = json.loads(done.stdout)["results"]
    assert result["error"] is None, result["error"]
    found = [Bevinding("outloud", f["rule"], f["page"],
                       f"{f['message']} | {f.get('evidence') or ''}",
                       tuple(Vak(b["page"], b["x0"], b["y0"], b["x1"], b["y1"])
                             for b in f.get("boxes") or ()))
             for f in result["findings"]]
    return found + [Bevinding("outloud", r["rule"], None, f"not run: {r['reason']} | ")
                    for r in result["rules"] if r["status"] == "crashed"]


def pdfua(path: Path) -> list[Bevinding]:
    """pdfua's findings, and each rule it could not run (`skipped`: it raised) as one."""
    done = subprocess.run([str(PDFUA), "check", "--format", "json", str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1, 2, 3), done.stderr
    report = json.loads(done.stdout)
    found = [Bevinding("pdfua", f["rule_id"], (f.get("location") or {}).get("page"),
                       f"{f['message']} | ") for f in report["findings"]]
    return found + [Bevinding("pdfua", s["rule_id"], None, f"not run: {s['reason']} | ")
                    for s in report["skipped"]]


CHECKERS: dict[str, Callable[[Path], list[Bevinding]]] = {"outloud": outloud, "pdfua": pdfua}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Pdf]:
    found = [Pdf(name, p) for name, p in build_every(tmp_path_factory, ("pdf",), "*.pdf").items()]
    assert {p.soort for p in found} == {"factsheet", "vervolg"}
    return found


@pytest.fixture(scope="module")
def bevindingen(pdfs: list[Pdf]) -> dict[tuple[str, str], list[Bevinding]]:
    """Every finding, by (checker, PDF)."""
    return {(checker, pdf.naam): run(pdf.pad) for pdf in pdfs
            for checker, run in CHECKERS.items()}


# --- the proofs: what the structure tree holds, where a checker assumed otherwise --------


@functools.cache
def document_of(path: Path) -> Document:
    """The structure tree and text of a PDF, read once (pypdf)."""
    return Document(path)


def _rows(tabel: Tabel) -> int:
    return len(tabel.kop) + len(tabel.rijen)


def _grid_closes(tabel: Tabel) -> list[int]:
    """How many columns each row occupies, spans applied, placed as HTML does (every row of
    every table: as many as the header row)."""
    covered: dict[int, set[int]] = {}
    for cel, x, rows in grid(tabel):
        for y in rows:
            covered.setdefault(y, set()).update(
                range(x, x + int(cel.attributen.get("/ColSpan", 1))))
    return [len(covered.get(y, set())) for y in range(_rows(tabel))]


def _as_outloud_counts(tabel: Tabel) -> list[int]:
    """The columns per row as outloud 0.2.1 counts them (`Grid.row_widths`): one short in
    the last row of a /RowSpan cell that ends the row, whose span it has already let go."""
    widths = _grid_closes(tabel)
    last = max(x for _, x, _ in grid(tabel))
    for _, x, rows in grid(tabel):
        if len(rows) > 1 and x == last:
            widths[rows[-1]] -= 1
    return widths


def rowspan_counted_short(pdf: Pdf, finding: Bevinding) -> None:
    """TBL-004: every row of every table fills its columns; the widths outloud reports are
    those of one of our tables, counted short where a /RowSpan cell in the last column
    ends."""
    tabellen = document_of(pdf.pad).tabellen()
    for tabel in tabellen:
        assert len(set(_grid_closes(tabel))) == 1, pdf.naam
    evidence = finding.tekst.split(" | ")[1]
    assert evidence in {", ".join(map(str, _as_outloud_counts(t)[:12])) for t in tabellen}


def extra_th_are_row_headers(pdf: Pdf, finding: Bevinding) -> None:
    """TBL-010: the header cells outloud counts against the data cells, and the rows of
    header cells, are those of one of our tables, where each TH below the header row is a
    row header (/Scope /Row, with a TD beside it) or a criterium's subheader row (one TH
    spanning every column): nothing shredded."""
    counts = re.findall(r"(\d+) header cells against (\d+) data cells|(\d+) header rows",
                        finding.tekst)
    assert counts and re.fullmatch(r"header cells look shredded: [^|]+ \| [^|]+",
                                   finding.tekst)
    ours = []
    for tabel in document_of(pdf.pad).tabellen():
        cells = [c for row in tabel.kop + tabel.rijen for c in row]
        width = len(tabel.kop[0])
        for n, row in enumerate(tabel.rijen):
            heads = [c for c in row if c.soort == "/TH"]
            if n in tabel.sub:
                assert len(row) == 1 and int(row[0].attributen["/ColSpan"]) == width
            else:
                assert len(heads) == 1 and heads[0].attributen.get("/Scope") == "/Row"
                assert any(c.soort == "/TD" for c in row)
        ours.append((str(sum(c.soort == "/TH" for c in cells)),
                     str(sum(c.soort == "/TD" for c in cells)), str(1 + len(tabel.sub))))
    for th, td, rows in counts:
        assert any((not th or (th, td) == (t, d)) and (not rows or rows == r)
                   for t, d, r in ours), (pdf.naam, finding.tekst)


@dataclass(frozen=True)
class Stuk:
    """A piece of text a page's content stream paints: where it starts, its text, and the
    MCID of the marked-content sequence it is in (None: an artifact, or not marked)."""

    x: float
    y: float
    tekst: str
    mcid: int | None
    artefact: bool
    """Inside an /Artifact sequence."""


@functools.cache
def stukken(path: Path, page: int) -> list[Stuk]:
    """Every piece of text page `page` (0-based) paints, in paint order (pypdf)."""
    found: list[Stuk] = []
    open_: list[tuple[int | None, bool]] = []

    def before(op: bytes, args: list[object], *_: object) -> None:
        if op == b"BDC":
            props = args[1] if len(args) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, DictionaryObject) else None
            open_.append((None if mcid is None else int(mcid), args[0] == "/Artifact"))
        elif op == b"BMC":
            open_.append((None, args[0] == "/Artifact"))
        elif op == b"EMC":
            open_.pop()

    def text(tekst: str, cm: list[float], tm: list[float], *_: object) -> None:
        if not tekst.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        mcid = next((m for m, _ in reversed(open_) if m is not None), None)
        found.append(Stuk(x, y, tekst, mcid, any(a for _, a in open_)))

    document_of(path).reader.pages[page].extract_text(visitor_operand_before=before,
                                                     visitor_text=text)
    return found


@functools.cache
def eigenaars(path: Path) -> dict[tuple[int, int], list[DictionaryObject]]:
    """For each content item (page index, MCID): the structure elements it lies in,
    from the element that holds it up to the Document."""
    document = document_of(path)
    found: dict[tuple[int, int], list[DictionaryObject]] = {}

    def walk(node: DictionaryObject, page: int | None,
             chain: list[DictionaryObject]) -> None:
        if "/Pg" in node:
            page = document.paginas[node.raw_get("/Pg").idnum]
        for kid in kids(node):
            if isinstance(kid, int):
                assert page is not None
                found[page, kid] = [node, *chain]
            elif isinstance(kid, IndirectObject) and isinstance(
                    element := kid.get_object(), DictionaryObject) and "/S" in element:
                walk(element, page, [node, *chain])
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                at = document.paginas[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page
                assert at is not None
                found[at, int(str(kid["/MCID"]))] = [node, *chain]

    for _, element in elements(document.tree):
        walk(element, None, [])
    return found


HEADING = re.compile(r"/H[1-6]?")


def grid_is_a_table_continued(pdf: Pdf, finding: Bevinding) -> None:
    """TBL-014: outloud counts a ruled grid covered only by a /Table whose /Pg is the
    grid's page; each Table's /Pg is the page it begins on (the row-header step sets it),
    so what it still finds is a grid on a page a table continues onto. The grid (the
    region of the page's ruled lines, which may take in two tables and the heading
    between them) is covered: every piece of tagged text painted inside it lies in a
    Table, or is a heading (an aanpak's or a theme's, between two tables); and it holds
    text of a Table that begins on an earlier page (besides, maybe, one that begins on
    this page, below the heading)."""
    [vak] = finding.vakken
    page = vak.pagina - 1
    owners = eigenaars(pdf.pad)
    tables: list[DictionaryObject] = []
    inside = [s for s in stukken(pdf.pad, page) if vak.bevat(s.x, s.y)]
    untagged = [s.tekst for s in inside if s.mcid is None and not s.artefact]
    assert inside and not untagged, (pdf.naam, vak.pagina, untagged)
    for stuk in inside:
        if stuk.mcid is None:
            continue
        chain = owners.get((page, stuk.mcid))
        assert chain is not None, (pdf.naam, vak.pagina, stuk.tekst, "in no element")
        table = next((e for e in chain if str(e["/S"]) == "/Table"), None)
        if table is None:
            assert HEADING.fullmatch(str(chain[0]["/S"])), \
                (pdf.naam, vak.pagina, stuk.tekst, str(chain[0]["/S"]), "in no Table")
        elif not any(t is table for t in tables):
            tables.append(table)
    assert tables, (pdf.naam, vak.pagina, "no Table's text in the grid")
    document = document_of(pdf.pad)
    begins = [document.paginas[t.raw_get("/Pg").idnum] for t in tables]
    assert min(begins) < page and max(begins) <= page, (pdf.naam, vak.pagina, begins)


def running_header_is_an_artifact(pdf: Pdf, finding: Bevinding) -> None:
    """PAG-001: the lines outloud takes for a running header or footer (tagged text within
    the top or bottom 12 % of three or more pages) are body text: each flagged line (every
    one of outloud's boxes, not only the few its evidence quotes) is tagged text in an
    element, painted inside the text area (between the page's margins, `VOET_ONDER` and
    `KOP_BOVEN`), where body text near the top or foot of a page recurs because each aanpak
    repeats it. The running header and footer are what the content stream paints outside
    the margins: on every page after the first there is text there, and all of it lies in
    /Artifact sequences, with no MCID."""
    count = int(finding.tekst.split(" ", 1)[0])
    assert count == len(finding.vakken), (pdf.naam, finding.tekst)
    document = document_of(pdf.pad)
    for page in range(len(document.reader.pages)):
        band = [s for s in stukken(pdf.pad, page) if not VOET_ONDER <= s.y <= KOP_BOVEN]
        assert page == 0 or band, (pdf.naam, page + 1, "no running header or footer")
        tagged = [s.tekst for s in band if s.mcid is not None or not s.artefact]
        assert not tagged, (pdf.naam, page + 1, "tagged outside the margins", tagged)
    owners = eigenaars(pdf.pad)
    for vak in finding.vakken:
        line = [s for s in stukken(pdf.pad, vak.pagina - 1) if vak.bevat(s.x, s.y)]
        assert line, (pdf.naam, vak)
        for stuk in line:
            assert stuk.mcid is not None and not stuk.artefact, (pdf.naam, vak, stuk.tekst)
            assert (vak.pagina - 1, stuk.mcid) in owners, (pdf.naam, vak, stuk.tekst)
            assert VOET_ONDER <= stuk.y <= KOP_BOVEN, (pdf.naam, vak, stuk.tekst)


def _painted(document: Document, page: int) -> list[int]:
    """The MCIDs of a page in the order its content stream paints them."""
    reader_page = document.reader.pages[page]
    stream = ContentStream(reader_page.get_contents(), document.reader)
    return [int(args[1]["/MCID"]) for args, op in stream.operations
            if op == b"BDC" and isinstance(args[1], DictionaryObject) and "/MCID" in args[1]]


def _read(document: Document, node: DictionaryObject, page: int | None) -> Iterator[
        tuple[int | None, int]]:
    """(page, MCID) of every content item under `node`, in the order of the /K arrays."""
    if "/Pg" in node:
        page = document.paginas[node.raw_get("/Pg").idnum]
    for kid in kids(node):
        if isinstance(kid, int):
            yield page, kid
        elif isinstance(kid, IndirectObject) and "/S" in kid.get_object():
            yield from _read(document, kid.get_object(), page)
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            at = document.paginas[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page
            yield at, int(kid["/MCID"])


def tree_order_is_paint_order(pdf: Pdf, finding: Bevinding) -> None:
    """ORD-001: outloud reads an element's own content before that of its children, so a
    paragraph with a bold word inside (/K [text, Strong, text]) reads as out of order. In
    the order of the /K arrays the page is painted as the tree reads it."""
    assert finding.pagina is not None
    document = document_of(pdf.pad)
    page = finding.pagina - 1
    tree = [mcid for at, mcid in _read(document, document.tree, None) if at == page]
    assert tree == _painted(document, page), pdf.naam
    mixed = [e for _, _, e in document.alle() if e["/S"] == "/P"
             and any(isinstance(k, int) for k in kids(e)) and any(True for _ in elements(e))]
    assert mixed, "a paragraph holds text and an element"


def headings_have_content(pdf: Pdf, finding: Bevinding) -> None:
    """pdfua UA-14-001 (a heading is not empty) raises on a heading whose /K is an array
    (pikepdf's Array refuses the attribute it probes with getattr), so it never runs here.
    What it would check holds: every heading reaches a content item."""
    document = document_of(pdf.pad)
    headings = [e for _, _, e in document.alle() if re.fullmatch(r"/H[1-6]", str(e["/S"]))]
    assert headings and all(document.tekst(h).strip() for h in headings), pdf.naam
    assert any(len(kids(h)) > 1 for h in headings), "a heading whose /K is an array"


@dataclass(frozen=True)
class Uitzondering:
    """A finding README.md explains as the checker's mistake: its checker and rule, the
    kind of PDF, the element it is about (a pattern of `message | evidence`), and the proof
    that our structure tree is what README says it is."""

    checker: str
    regel: str
    soorten: tuple[str, ...]
    element: str
    bewijs: Callable[[Pdf, Bevinding], None]

    def past(self, pdf: Pdf, finding: Bevinding) -> bool:
        return (finding.checker, finding.regel) == (self.checker, self.regel) \
            and pdf.soort in self.soorten and re.fullmatch(self.element, finding.tekst) is not None


FINDINGS_TABLE = r"Indicatoren; Oordeel; Bevindingen"
"""The findings table, by its single-word headings (outloud's evidence)."""

UITZONDERINGEN = (
    Uitzondering("outloud", "TBL-004", ("factsheet",),
                 r"rows occupy different numbers of columns \(2 to 3\); the grid does not "
                 r"close \| [23](, [23])*", rowspan_counted_short),
    Uitzondering("outloud", "TBL-010", ("factsheet",),
                 rf"header cells look shredded: .+ \| {FINDINGS_TABLE}",
                 extra_th_are_row_headers),
    Uitzondering("outloud", "TBL-010", ("vervolg",),
                 r"header cells look shredded: .+ \| (Indicator; Voortgang|Voortgang; Aantal)",
                 extra_th_are_row_headers),
    Uitzondering("outloud", "TBL-014", ("factsheet",),
                 r"a ruled grid .+ that no /Table covers \| Indicatoren Oordeel Bevindingen; .+",
                 grid_is_a_table_continued),
    Uitzondering("outloud", "TBL-014", ("vervolg",),
                 r"a ruled grid .+ that no /Table covers \| Indicator \d{4} \d{4} Voortgang; .+",
                 grid_is_a_table_continued),
    Uitzondering("outloud", "PAG-001", ("factsheet",),
                 r"\d+ running header or footer line\(s\) are tagged as content on 3 or more "
                 r"pages \| .+", running_header_is_an_artifact),
    Uitzondering("outloud", "ORD-001", ("vervolg",),
                 r"1 page\(s\) paint tagged content out of tag-tree order; worst is page 1, .+",
                 tree_order_is_paint_order),
    Uitzondering("pdfua", "UA-14-001", ("factsheet", "vervolg"),
                 r"not run: rule raised ValueError: pikepdf\.Object is not a Dictionary or "
                 r"Stream: cannot get key '/is_integer' on object of type array \| ",
                 headings_have_content),
)


def uitleg(pdf: Pdf, finding: Bevinding) -> Uitzondering | None:
    return next((u for u in UITZONDERINGEN if u.past(pdf, finding)), None)


@pytest.mark.parametrize("checker", CHECKERS)
def test_every_finding_is_fixed_or_explained_in_readme(
        pdfs: list[Pdf], bevindingen: dict[tuple[str, str], list[Bevinding]],
        checker: str) -> None:
    """Per PDF, every finding (error, warning or a rule that could not run) is one README
    explains, and its proof holds for this file."""
    unexplained = []
    for pdf in pdfs:
        for finding in bevindingen[checker, pdf.naam]:
            exception = uitleg(pdf, finding)
            if exception is None:
                unexplained.append((pdf.naam, finding.regel, finding.pagina, finding.tekst))
            else:
                exception.bewijs(pdf, finding)
    assert unexplained == []


def test_no_exception_outlives_its_finding(
        pdfs: list[Pdf], bevindingen: dict[tuple[str, str], list[Bevinding]]) -> None:
    """Each exception is still needed by some PDF of its kinds: one a fix made unnecessary
    is taken out (of README too)."""
    used = {uitleg(pdf, f) for pdf in pdfs for checker in CHECKERS
            for f in bevindingen[checker, pdf.naam]}
    assert [u for u in UITZONDERINGEN if u not in used] == []
    for exception in UITZONDERINGEN:
        assert {pdf.soort for pdf in pdfs for checker in CHECKERS
                for f in bevindingen[checker, pdf.naam]
                if uitleg(pdf, f) is exception} == set(exception.soorten), exception.regel


def test_readme_explains_every_exception() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### What the PDF checkers misread", 1)[1].split("\n### ", 1)[0]
    for exception in UITZONDERINGEN:
        assert f"`{exception.checker}` {exception.regel}" in section, exception.regel


def test_the_checkers_find_a_defect_we_fixed(tmp_path: Path) -> None:
    """The checkers do read our PDFs: an address printed as text, which the kader made a
    link, is found again in a PDF whose Link annotations are taken out (so a quiet run is
    not a checker that read nothing)."""
    out = tmp_path / "out"
    assert not build(ROOTS[1][0], ["venlo"], out, formats=("pdf",)).failures
    writer = PdfWriter(clone_from=PdfReader(out / "venlo" / "factsheet.pdf"))
    for page in writer.pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]
    writer.write(tmp_path / "zonder-links.pdf")
    rules = {f.regel for f in outloud(tmp_path / "zonder-links.pdf")}
    assert "LNK-010" in rules, rules


def _walk(node: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every structure element under `node`, in document order."""
    for _, element in elements(node):
        yield element
        yield from _walk(element)


def _retag_as_text(node: DictionaryObject) -> None:
    """A table's elements retagged as if it were no table: Div for the Table, its row
    groups and rows, P for its cells."""
    for _, element in elements(node):
        cell = str(element["/S"]) in ("/TH", "/TD")
        element[NameObject("/S")] = NameObject("/P" if cell else "/Div")
        if not cell:
            _retag_as_text(element)


def test_the_table_proof_fails_on_a_grid_tagged_as_text(pdfs: list[Pdf],
                                                        tmp_path: Path) -> None:
    """TBL-014's proof is no formality: in a copy of Venlo whose table that continues into
    the flagged grid is tagged Div and P instead, the finding is the same, and its proof
    fails (the grid's text lies in no Table)."""
    [venlo] = [p for p in pdfs if p.naam == "venlo/factsheet.pdf"]
    [finding] = [f for f in outloud(venlo.pad) if f.regel == "TBL-014"]
    grid_is_a_table_continued(venlo, finding)
    [vak] = finding.vakken
    owners = eigenaars(venlo.pad)
    writer = PdfWriter(clone_from=PdfReader(venlo.pad))
    tables = {id(t) for s in stukken(venlo.pad, vak.pagina - 1)
              if s.mcid is not None and vak.bevat(s.x, s.y)
              for t in owners.get((vak.pagina - 1, s.mcid), []) if str(t["/S"]) == "/Table"}
    assert tables
    nth = [n for n, e in enumerate(_walk(document_of(venlo.pad).tree)) if id(e) in tables]
    tree = writer.root_object["/StructTreeRoot"].get_object()
    assert isinstance(tree, DictionaryObject)
    retagged = [e for n, e in enumerate(_walk(tree)) if n in nth]
    assert [str(e["/S"]) for e in retagged] == ["/Table"] * len(nth)
    for element in retagged:
        element[NameObject("/S")] = NameObject("/Div")
        _retag_as_text(element)
    writer.write(tmp_path / "tabel-als-tekst.pdf")
    mutant = Pdf(venlo.naam, tmp_path / "tabel-als-tekst.pdf")
    found = [f for f in outloud(mutant.pad) if f.regel == "TBL-014" and f.pagina == vak.pagina]
    assert found and all(uitleg(mutant, f) is not None for f in found)
    for f in found:
        with pytest.raises(AssertionError, match="in no Table"):
            grid_is_a_table_continued(mutant, f)


def test_the_running_header_proof_fails_on_a_tagged_header(pdfs: list[Pdf],
                                                           tmp_path: Path) -> None:
    """PAG-001's proof is no formality: in a copy of heerdebeek whose running header is
    tagged as a paragraph on every page (the /Artifact sequence made a /P with an MCID,
    a P element in the Document holding it), outloud's finding is still the one README
    explains, and its proof fails (tagged content outside the margins)."""
    [heerdebeek] = [p for p in pdfs if p.naam == "heerdebeek/factsheet.pdf"]
    reader = PdfReader(heerdebeek.pad)
    writer = PdfWriter(clone_from=reader)
    tree = writer.root_object["/StructTreeRoot"].get_object()
    assert isinstance(tree, DictionaryObject)
    [(document_ref, document)] = list(elements(tree))
    for page in writer.pages[1:]:
        stream = ContentStream(page.get_contents(), writer)
        [at] = [n for n, (args, op) in enumerate(stream.operations)
                if op == b"BDC" and args[0] == "/Artifact"
                and args[1].get("/Subtype") == "/Header"]
        stream.operations[at] = ([NameObject("/P"), DictionaryObject(
            {NameObject("/MCID"): NumberObject(900)})], b"BDC")
        page.replace_contents(stream)
        assert page.indirect_reference is not None
        holds = document["/K"]
        assert isinstance(holds, ArrayObject)
        holds.append(writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/P"),
            NameObject("/P"): document_ref, NameObject("/Pg"): page.indirect_reference,
            NameObject("/K"): NumberObject(900)})))
    writer.write(tmp_path / "kop-als-tekst.pdf")
    mutant = Pdf(heerdebeek.naam, tmp_path / "kop-als-tekst.pdf")
    [finding] = [f for f in outloud(mutant.pad) if f.regel == "PAG-001"]
    assert uitleg(mutant, finding) is not None, finding.tekst
    with pytest.raises(AssertionError, match="tagged outside the margins"):
        running_header_is_an_artifact(mutant, finding)
