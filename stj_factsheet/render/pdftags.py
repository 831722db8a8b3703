"""Row headers in the PDF's structure tree, as the HTML has them.

Typst (the 0.15 wheel) tags a table's header row (`table.header`) as TH with column scope
and every other cell as TD: its `pdf.header-cell(scope: "row")` needs a feature flag the
wheel cannot switch on. This step, run on the bytes Typst exports, makes TH with
`/Scope /Row` of the cells the HTML marks `<th scope="row">`: the first `kolommen` columns
of each table's body rows (a subheader row, such as the factsheet's criterium above its
indicators, is Typst's own TH and is left as it is). It does what Typst does for a row
header: the cell gets an `/ID` of Typst's form (`U<table>x<column>y<row>`, registered in
the IDTree) and `/Headers` naming the column header and the row headers left of it, and
every cell right of it, in the rows it spans, gets the row header's ID in its `/Headers`
too (Typst writes `/Headers` for every cell, and a reader that follows them would
otherwise never announce a row header).

It also tags a subheader row (Typst's `table.header(level: 2)`: the factsheet's criterium
above its indicators) as what it is. Typst puts the first one in THead, below the header
row, and every later one in a TBody of its own, each a TH with /Scope /Column: a column
header of the whole table, by the structure, where it heads only the rows below it up to
the next one (the HTML's `scope="rowgroup"`, which PDF has no /Scope for). This step moves
each subheader row into the TBody of the rows it heads, as the first row, and takes its
/Scope away: the cells of its group name it in /Headers (Typst writes that), so the
association is made by /Headers and IDs (ISO 14289-1, 7.5). And every cell below the header
row names the column heading above it in /Headers, as in a table without subheaders (Typst
names only the nearest header row, the criterium, and a reader that follows /Headers would
never announce "Oordeel" or "Bevindingen").

And it gives each Table the /Pg of its first cell (Typst writes /Pg on the cells only), so
that a reader looking for the Table of a page by /Pg finds it on the page the table begins.

Which tables have which row headers comes from the caller (`render.pdf`, from the payload
the templates lay out): one `Tabel` per table in document order, with its number of body
rows. A PDF whose tables do not match (a template changed, not the payload) is refused
with `Afwijking`, so that no cell is ever tagged by guesswork.

The change is appended as an incremental update (`render.pdfupdate`): Typst's bytes stay
as they are, and with them the XMP metadata and `/Info` that PDF/A requires to agree; the
result is a pure function of the input bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
)

from stj_factsheet.render.pdfupdate import Afwijking as Afwijking
from stj_factsheet.render.pdfupdate import incremental_update

TH, TD, TR, TABLE = "/TH", "/TD", "/TR", "/Table"
ROW_GROUPS = ("/THead", "/TBody", "/TFoot")


@dataclass(frozen=True)
class Tabel:
    """One table as the payload lays it out: its first `kolommen` columns are row
    headers, and it has `rijen` rows below its header row."""

    kolommen: int
    rijen: int


@dataclass
class _Cel:
    ref: IndirectObject
    element: DictionaryObject
    x: int
    y: int
    rowspan: int
    colspan: int
    kop: bool
    """In a header row (THead, or a subheader: see `_rows`)."""

    def rijen(self) -> range:
        return range(self.y, self.y + self.rowspan)


class _Wijzigingen(dict[int, tuple[IndirectObject, PdfObject]]):
    """The indirect objects changed, by object number."""

    def add(self, ref: IndirectObject) -> None:
        self[ref.idnum] = (ref, ref.get_object())  # type: ignore[assignment]


def rijkoppen(pdf: bytes, tabellen: Sequence[Tabel]) -> bytes:
    """`pdf` with the row headers of `tabellen` (one per table, in document order) tagged
    TH with /Scope /Row, as an incremental update; `Afwijking` if the tables differ."""
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    tree_ref = catalog.get("/StructTreeRoot") if isinstance(catalog, DictionaryObject) else None
    tree = _resolved(tree_ref)
    if not isinstance(tree_ref, IndirectObject) or not isinstance(tree, DictionaryObject):
        raise Afwijking("the PDF has no structure tree of its own object")
    found = list(_tables(tree))
    if len(found) != len(tabellen):
        raise Afwijking(f"the PDF has {len(found)} tables, the payload {len(tabellen)}")
    changed = _Wijzigingen()
    ids: dict[str, IndirectObject] = {}
    for number, (table, tabel) in enumerate(zip(found, tabellen, strict=True), start=1):
        _group_subheaders(table, changed, number)
        ids |= _tag_table(table[1], tabel, changed, number)
        _page_of_first_cell(table, changed, number)
    if not ids and not changed:
        return pdf
    _register(tree_ref, ids, changed)
    return pdf + incremental_update(pdf, reader, changed.values())


def _resolved(obj: object) -> object:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _type(element: DictionaryObject) -> str:
    """A structure element's type (/S), as Typst writes it (it maps no table types)."""
    return str(element["/S"])


def _items(obj: PdfObject | None) -> list[PdfObject]:
    """An array's items as written (references unresolved); anything else as a list of
    itself: /K, /A and /Headers may each hold one value or an array."""
    if obj is None:
        return []
    array = _resolved(obj)
    return list(array) if isinstance(array, ArrayObject) else [obj]


def _elements(node: DictionaryObject) -> Iterator[tuple[IndirectObject, DictionaryObject]]:
    """The structure elements among a node's /K (not its marked content)."""
    for kid in _items(node.get("/K")):
        element = _resolved(kid)
        if isinstance(element, DictionaryObject) and "/S" in element:
            if not isinstance(kid, IndirectObject):
                raise Afwijking("a structure element is not an indirect object")
            yield kid, element


def _tables(node: DictionaryObject) -> Iterator[tuple[IndirectObject, DictionaryObject]]:
    """Every /Table element under `node`, in document order."""
    for ref, element in _elements(node):
        if _type(element) == TABLE:
            yield ref, element
        else:
            yield from _tables(element)


def _group_subheaders(table: tuple[IndirectObject, DictionaryObject], changed: _Wijzigingen,
                      number: int) -> None:
    """Move every subheader row (only TH, below the header row) into the TBody of the rows
    that follow it, as its first row, dropping the TBody Typst gave it alone; the
    subheader's TH loses its /Scope /Column (see the module's docstring)."""
    table_ref, element = table
    groups = list(_elements(element))
    if not any(_all_th(row) for _, group in groups if _type(group) != TR
               for _, row in list(_elements(group))[_type(group) == "/THead":]):
        return
    kept: list[PdfObject] = []
    pending: list[tuple[IndirectObject, DictionaryObject]] = []
    for ref, group in groups:
        rows = list(_elements(group))
        if _type(group) not in ROW_GROUPS or not rows:
            raise Afwijking(f"table {number} has a {_type(group)} beside its row groups")
        own = rows[:1] if _type(group) == "/THead" else []
        moved = [row for row in rows[len(own):] if _all_th(row[1])]
        if _type(group) == "/THead" or len(moved) == len(rows):
            if len(moved) != len(rows) - len(own):
                raise Afwijking(f"table {number}: a row of data in a header group")
            pending += moved
            if own:
                _set_kids(ref, group, own, changed)
                kept.append(ref)
            continue
        if pending:
            _set_kids(ref, group, pending + rows, changed)
            pending = []
        kept.append(ref)
    if pending:
        raise Afwijking(f"table {number} ends in a subheader row")
    element[NameObject("/K")] = ArrayObject(kept)
    changed.add(table_ref)


def _set_kids(ref: IndirectObject, group: DictionaryObject,
              rows: list[tuple[IndirectObject, DictionaryObject]],
              changed: _Wijzigingen) -> None:
    """Make `rows` the kids of the row group `group` (each row's /P pointing at it)."""
    group[NameObject("/K")] = ArrayObject(row_ref for row_ref, _ in rows)
    changed.add(ref)
    for row_ref, row in rows:
        if row.raw_get("/P") != ref:
            row[NameObject("/P")] = ref
            changed.add(row_ref)


def _page_of_first_cell(table: tuple[IndirectObject, DictionaryObject],
                        changed: _Wijzigingen, number: int) -> None:
    """Give the Table the /Pg of its first content item (its header row's first cell, on
    the page the table begins), as Typst gives one to the elements that hold content: /Pg
    names "a page on which some or all of the content items described by the structure
    element shall be drawn" (ISO 32000-1, table 323), and a checker that looks for the
    Table of a page's ruled grid by /Pg (outloud's TBL-014) finds it there."""
    table_ref, element = table
    page = _first_page(element, element.raw_get("/Pg") if "/Pg" in element else None)
    if page is None:
        raise Afwijking(f"table {number} has no content on a page")
    if "/Pg" not in element or element.raw_get("/Pg") != page:
        element[NameObject("/Pg")] = page
        changed.add(table_ref)


def _first_page(node: DictionaryObject, page: PdfObject | None) -> PdfObject | None:
    """The page (/Pg, as written) of the first content item under `node`, whose own
    content lies on `page`."""
    for kid in _items(node.get("/K")):
        item = _resolved(kid)
        if isinstance(item, int):
            return page
        if isinstance(item, DictionaryObject) and "/S" in item:
            found = _first_page(item, item.raw_get("/Pg") if "/Pg" in item else page)
        elif isinstance(item, DictionaryObject) and "/MCID" in item:  # a marked-content ref
            found = item.raw_get("/Pg") if "/Pg" in item else page
        else:
            found = None
        if found is not None:
            return found
    return None


def _rows(table: DictionaryObject) -> Iterator[tuple[bool, DictionaryObject]]:
    """(a header row, row) for every TR of a table. A header row is in THead, or holds
    only TH: a subheader (`table.header(level: 2)`, the factsheet's criterium row),
    which Typst tags itself and which heads the rows below it, not a row of data."""
    for _, kid in _elements(table):
        group = _type(kid)
        if group == TR:
            yield _all_th(kid), kid
        elif group in ROW_GROUPS:
            for _, row in _elements(kid):
                if _type(row) != TR:
                    raise Afwijking(f"{group} holds a {_type(row)}, not a TR")
                yield group == "/THead" or _all_th(row), row
        else:
            raise Afwijking(f"a table holds a {group}")


def _all_th(row: DictionaryObject) -> bool:
    cells = [_type(element) for _, element in _elements(row)]
    return bool(cells) and all(cell == TH for cell in cells)


def _grid(table: DictionaryObject) -> list[_Cel]:
    """Every cell with its column and row, spans taken into account."""
    cells: list[_Cel] = []
    taken: set[tuple[int, int]] = set()
    for y, (kop, row) in enumerate(_rows(table)):
        x = 0
        for ref, element in _elements(row):
            if _type(element) not in (TH, TD):
                raise Afwijking(f"a table row holds a {_type(element)}")
            while (x, y) in taken:
                x += 1
            attributes = _table_attributes(element) or DictionaryObject()
            rowspan = int(_resolved(attributes.get("/RowSpan", 1)))  # type: ignore[call-overload]
            colspan = int(_resolved(attributes.get("/ColSpan", 1)))  # type: ignore[call-overload]
            taken |= {(x + dx, y + dy) for dx in range(colspan) for dy in range(rowspan)}
            cells.append(_Cel(ref, element, x, y, rowspan, colspan, kop))
            x += colspan
    return cells


def _table_attributes(element: DictionaryObject) -> DictionaryObject | None:
    """The cell's attribute object of the Table owner, if it has one."""
    for entry in map(_resolved, _items(element.get("/A"))):
        if isinstance(entry, DictionaryObject) and entry.get("/O") == TABLE:
            return entry
    return None


def _prefix(cells: list[_Cel]) -> str:
    """What Typst's IDs of this table's cells start with (`U3` of `U3x0y0`)."""
    for cel in cells:
        match = re.fullmatch(r"(.+)x\d+y\d+", str(_resolved(cel.element.get("/ID", ""))))
        if cel.kop and match:
            return match[1]
    raise Afwijking("a table without a header row of Typst's")


def _tag_table(table: DictionaryObject, tabel: Tabel, changed: _Wijzigingen,
               number: int) -> dict[str, IndirectObject]:
    """Tag the row headers of one table; their IDs, with the cells they name."""
    rijen = sum(not kop for kop, _ in _rows(table))
    if rijen != tabel.rijen:
        raise Afwijking(f"table {number} has {rijen} rows below its header, "
                        f"the payload {tabel.rijen}")
    cells = _grid(table)
    body = [cel for cel in cells if not cel.kop]
    prefix = _prefix(cells)
    for cel in cells:
        if cel.kop and cel.y > 0:  # a subheader: named by /Headers, not by a /Scope
            _own_attributes(cel, changed).pop(NameObject("/Scope"), None)
    _name_column_headings(cells, prefix, changed)
    if not tabel.kolommen:
        return {}
    koppen = [cel for cel in body if cel.x < tabel.kolommen]
    for cel in koppen:
        if cel.x + cel.colspan > tabel.kolommen or _type(cel.element) != TD:
            raise Afwijking(f"table {number}: the cell at column {cel.x}, row {cel.y} "
                            "is not a data cell within the row-header columns")
        cel.element[NameObject("/S")] = NameObject(TH)
        cel.element[NameObject("/ID")] = TextStringObject(f"{prefix}x{cel.x}y{cel.y}")
        _own_attributes(cel, changed)[NameObject("/Scope")] = NameObject("/Row")
    for cel in body:
        names = [TextStringObject(f"{prefix}x{kop.x}y{kop.y}") for kop in koppen
                 if kop.x < cel.x and set(kop.rijen()) & set(cel.rijen())]
        if names:
            attributes = _own_attributes(cel, changed)
            headers = ArrayObject(_items(attributes.get("/Headers")))
            headers.extend(name for name in names if name not in headers)
            attributes[NameObject("/Headers")] = headers
    return {f"{prefix}x{cel.x}y{cel.y}": cel.ref for cel in koppen}


def _name_column_headings(cells: list[_Cel], prefix: str, changed: _Wijzigingen) -> None:
    """Put the IDs of the header row's cells above each cell below it (in the columns it
    spans) first in its /Headers, where Typst named a subheader instead."""
    heading = {x: cel for cel in cells if cel.y == 0
               for x in range(cel.x, cel.x + cel.colspan)}
    for cel in cells:
        if cel.y == 0:
            continue
        names = list(dict.fromkeys(TextStringObject(f"{prefix}x{heading[x].x}y0")
                                   for x in range(cel.x, cel.x + cel.colspan) if x in heading))
        table = _table_attributes(cel.element)
        written = _items(table.get("/Headers")) if table is not None else []
        if names and names != written[:len(names)]:
            attributes = _own_attributes(cel, changed)
            attributes[NameObject("/Headers")] = ArrayObject(
                names + [h for h in written if h not in names])


def _own_attributes(cel: _Cel, changed: _Wijzigingen) -> DictionaryObject:
    """The cell's Table attributes as a dictionary inside the cell's own object (a copy,
    should they be an object shared with other cells), the cell marked changed."""
    changed.add(cel.ref)
    entries = _items(cel.element.get("/A"))
    table = _table_attributes(cel.element)
    own = DictionaryObject(table or {NameObject("/O"): NameObject(TABLE)})
    cel.element[NameObject("/A")] = ArrayObject(
        [own if _resolved(entry) is table else entry for entry in entries]
        if table is not None else [own, *entries])
    return own


def _names(node: object) -> Iterator[tuple[PdfObject, PdfObject]]:
    """The (key, value) pairs of a name tree, its kids' included."""
    node = _resolved(node)
    if not isinstance(node, DictionaryObject):
        raise Afwijking("the IDTree is not a name tree")
    names = _items(node.get("/Names"))
    yield from zip(names[::2], names[1::2], strict=True)
    for kid in _items(node.get("/Kids")):
        yield from _names(kid)


def _key(name: PdfObject) -> bytes:
    """A name tree's key as the bytes it is sorted by."""
    if isinstance(name, TextStringObject):
        return bytes(name.original_bytes)
    if isinstance(name, bytes):
        return name
    raise Afwijking(f"the IDTree has a key that is not a string: {name!r}")


def _register(tree_ref: IndirectObject, ids: dict[str, IndirectObject],
              changed: _Wijzigingen) -> None:
    """Add `ids` to the structure tree's IDTree, rewritten as one sorted /Names array."""
    tree = tree_ref.get_object()
    assert isinstance(tree, DictionaryObject)
    raw = tree.get("/IDTree")
    entries = {_key(k): (k, v) for k, v in _names(raw)} if raw is not None else {}
    for name, ref in ids.items():
        if name.encode() in entries:
            raise Afwijking(f"the ID {name} is in the PDF already")
        entries[name.encode()] = (TextStringObject(name), ref)
    node = DictionaryObject({NameObject("/Names"): ArrayObject(
        item for key in sorted(entries) for item in entries[key])})
    if isinstance(raw, IndirectObject):
        changed[raw.idnum] = (raw, node)
    else:
        tree[NameObject("/IDTree")] = node
        changed.add(tree_ref)
