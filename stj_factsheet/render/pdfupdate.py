"""An incremental update (ISO 32000-1, 7.5.6) appended to a PDF's bytes: the changed
objects, a classic cross-reference section like Typst's, and a trailer repeating Typst's
`/Size`, `/Root`, `/Info` and `/ID` with `/Prev`. What comes in: the PDF's bytes, their
reader and the changed objects (`render.pdftags`); what goes out: the bytes to append.
The original bytes stay as they are, and with them the XMP metadata and `/Info` that
PDF/A requires to agree; the result is a pure function of its input. (pypdf's own
incremental writer hashes every object first, which costs half a second here, and writes a
trailer without `/Info`.)
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
)

TRAILER_KEYS = ("/Size", "/Root", "/Encrypt", "/Info", "/ID")
"""What a trailer may hold besides /Prev (ISO 32000-1, table 15)."""


class Afwijking(RuntimeError):
    """The PDF is not what the post-processing expects (a bug, never bad data)."""


def incremental_update(pdf: bytes, reader: PdfReader,
                       changed: Iterable[tuple[IndirectObject, PdfObject]]) -> bytes:
    """The incremental update of `pdf` (read by `reader`) that replaces each changed
    object: the objects, their xref section, the trailer."""
    out = io.BytesIO()
    out.write(b"" if pdf.endswith(b"\n") else b"\n")
    offsets: list[tuple[int, int, int]] = []
    for ref, obj in sorted(changed, key=lambda item: item[0].idnum):
        number = ref.idnum
        offsets.append((number, ref.generation, len(pdf) + out.tell()))
        out.write(f"{number} {ref.generation} obj\n".encode())
        _write(obj, out)
        out.write(b"\nendobj\n")
    xref = len(pdf) + out.tell()
    out.write(b"xref\n")
    for run in _runs(offsets):
        out.write(f"{run[0][0]} {len(run)}\n".encode())
        out.writelines(f"{offset:010d} {generation:05d} n\r\n".encode()
                       for _, generation, offset in run)
    trailer = DictionaryObject({NameObject(k): reader.trailer.raw_get(k)
                                for k in TRAILER_KEYS if k in reader.trailer})
    trailer[NameObject("/Prev")] = NumberObject(_startxref(pdf))
    out.write(b"trailer\n")
    trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _write(obj: PdfObject, out: io.BytesIO) -> None:
    """`obj` as PDF syntax without the line breaks pypdf puts in every dictionary: a
    space between a key and its value and between array items, like Typst's own."""
    if isinstance(obj, DictionaryObject):
        out.write(b"<<")
        for key, value in obj.items():
            NameObject(key).write_to_stream(out)
            out.write(b" ")
            _write(value, out)
        out.write(b">>")
    elif isinstance(obj, ArrayObject):
        out.write(b"[")
        for n, item in enumerate(obj):
            out.write(b" " if n else b"")
            _write(item, out)
        out.write(b"]")
    else:
        obj.write_to_stream(out)


def _runs(offsets: list[tuple[int, int, int]]) -> Iterator[list[tuple[int, int, int]]]:
    """Consecutive object numbers, one xref subsection each."""
    run: list[tuple[int, int, int]] = []
    for entry in offsets:
        if run and entry[0] != run[-1][0] + 1:
            yield run
            run = []
        run.append(entry)
    if run:
        yield run


def _startxref(pdf: bytes) -> int:
    """Where the last cross-reference section starts (the /Prev of the update)."""
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-1024:])
    if match is None:
        raise Afwijking("the PDF does not end in startxref and %%EOF")
    return int(match[1])
