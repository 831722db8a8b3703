"""Refuse Markdown that the rich-text model cannot hold, at its line and column.

Every field typed `models.Opmaak` is parsed (`markdown_parse.parse`) and each unsupported
construct becomes an error with what to write instead: output would otherwise differ per
format, or lose what the inspector wrote. The position is found inside the value: for a
block scalar (`|`, `>`) line by line, for a one-line scalar by column, otherwise the
value's own position.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from stj_factsheet.errors import Problem
from stj_factsheet.load.source import Document, Loc, Position
from stj_factsheet.model.domain import RichTextField
from stj_factsheet.model.markdown_parse import MAX_CHARS, MAX_DEPTH, MAX_LINES, getal, parse
from stj_factsheet.model.richtext import Unsupported

LINK = "[tekst](https://…)"
REFUSALS: dict[str, tuple[str, str]] = {
    "heading": ("een kop (`#` of een regel `===`/`---` onder tekst) kan niet in een tekst",
                "schrijf **vet** op een eigen regel in plaats van een kop"),
    "rule": ("een lijn (`---`, `***` of `___`) kan niet in een tekst",
             "laat een lege regel tussen de alinea's in plaats van een lijn"),
    "table": ("een tabel (regels met `|`) kan niet in een tekst",
              "schrijf een lijst (`- …`) in plaats van een tabel"),
    "image": ("een afbeelding (`![…](…)`) kan niet in een tekst",
              f"beschrijf wat de afbeelding toont, of link ernaar: {LINK}"),
    "html": ("HTML `{detail}` kan niet in een tekst",
             f"schrijf *cursief*, **vet** of {LINK} in plaats van HTML"),
    "code": ("code tussen backticks (`) kan niet in een tekst",
             "schrijf ‘…’ in plaats van backticks"),
    "code_block": ("een regel die 4 spaties (of een tab) extra inspringt, wordt code",
                   "laat de extra inspringing weg; een lijst in een lijst springt 4 "
                   "spaties in onder de tekst van het item"),
    "item_start": ("dit lijstitem begint met een citaat of een lijst in plaats van tekst",
                   "zet tekst direct na `- ` of `1. `; een lijst in een lijst springt 4 "
                   "spaties in onder die tekst"),
    "link": ("link naar `{detail}`: alleen https://, http:// en mailto: zijn toegestaan",
             f"schrijf een volledig adres, zoals {LINK}"),
    "reference": ("een linkdefinitie (`[naam]: adres`) kan niet in een tekst",
                  f"schrijf de link in de zin zelf: {LINK}"),
    "too_long": ("de tekst is {detail} tekens lang, meer dan " + getal(MAX_CHARS),
                 "kort de tekst in of verdeel hem over meer velden"),
    "too_many_lines": ("de tekst heeft {detail} regels, meer dan " + getal(MAX_LINES),
                       "kort de tekst in of verdeel hem over meer velden"),
    "too_deep": (f"lijsten en citaten zijn hier meer dan {MAX_DEPTH} niveaus diep genest "
                 "(of de regel springt zo ver in)", "maak de opsomming minder diep"),
    "brackets": ("te veel `[` zonder `]` (of te diep in elkaar) in deze tekst",
                 "sluit elke `[` met `]`, of schrijf `\\[` voor een losse haak"),
}


def check(model: type[BaseModel], document: Document) -> list[Problem]:
    """A problem for every unsupported construct in the Markdown fields of the document
    (read as `model`; fields of the wrong shape are left to the model's own errors)."""
    problems = []
    for loc, text in rich_texts(model, document.data, ()):
        for found in parse(text).unsupported:
            message, hint = REFUSALS[found.kind]
            where = position(document, loc, text, found)
            problems.append(Problem(document.path, where.line, where.column,
                                    message.format(detail=_one_line(found.detail)), hint))
    return problems


QUOTED = 60
"""At most this many characters of a text are quoted in a message."""


def _one_line(detail: object) -> str:
    """What a message quotes of a text: on one line (a message is one line of output,
    `file:line:col: …`), and short (a tag can run on for lines before its `>`)."""
    flat = " ".join(str(detail).split())
    return flat if len(flat) <= QUOTED else flat[:QUOTED - 1] + "…"


def rich_texts(annotation: Any, data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """(place, text) of every value in `data` that `annotation` types as `Opmaak`."""
    found: list[tuple[Loc, str]] = []
    walker = _walker(annotation)
    if walker is not None:
        walker(data, loc, found)
    return iter(found)


Walker = Callable[[Any, Loc, list[tuple[Loc, str]]], None]
"""Adds (place, text) of every `Opmaak` text in the data at a place to the list."""


@functools.cache
def _walker(annotation: Any) -> Walker | None:
    """The walk over data of type `annotation` that finds its `Opmaak` texts, made once
    per type (every file of a run is walked, the types are looked at only here); None
    when no value of the type can hold one."""
    if not _holds_rich_text(annotation):
        return None
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        if any(isinstance(m, RichTextField) for m in annotation.__metadata__):
            return _text
        return _walker(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return _any_of(tuple(w for a in typing.get_args(annotation)
                             if (w := _walker(a)) is not None))
    if origin is list:
        return _items(_walker(typing.get_args(annotation)[0]))
    if origin is dict:
        return _values(_walker(typing.get_args(annotation)[1]))
    return _fields_of(tuple((name, w) for name, field in _rich_fields(annotation)
                            if (w := _walker(field)) is not None))


def _text(data: Any, loc: Loc, found: list[tuple[Loc, str]]) -> None:
    if isinstance(data, str):
        found.append((loc, data))


def _any_of(walkers: tuple[Walker, ...]) -> Walker:
    def walk(data: Any, loc: Loc, found: list[tuple[Loc, str]]) -> None:
        for walker in walkers:
            walker(data, loc, found)

    return walk


def _items(walker: Walker | None) -> Walker | None:
    if walker is None:
        return None

    def walk(data: Any, loc: Loc, found: list[tuple[Loc, str]]) -> None:
        if isinstance(data, list):
            for n, item in enumerate(data):
                walker(item, (*loc, n), found)

    return walk


def _values(walker: Walker | None) -> Walker | None:
    if walker is None:
        return None

    def walk(data: Any, loc: Loc, found: list[tuple[Loc, str]]) -> None:
        if isinstance(data, dict):
            for key, item in data.items():
                walker(item, (*loc, key), found)

    return walk


def _fields_of(fields: tuple[tuple[str, Walker], ...]) -> Walker:
    def walk(data: Any, loc: Loc, found: list[tuple[Loc, str]]) -> None:
        if isinstance(data, dict):
            for name, walker in fields:
                if name in data:
                    walker(data[name], (*loc, name), found)

    return walk


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """Each field of a model with its annotation, its constraints included (made once per
    model: every file of a run asks)."""
    fields = []
    for name, info in model.model_fields.items():
        field: Any = info.annotation
        if info.metadata:
            field = typing.Annotated[(field, *info.metadata)]
        fields.append((name, field))
    return tuple(fields)


def position(document: Document, loc: Loc, text: str, found: Unsupported) -> Position:
    """Where character `found.offset` of the value at `loc` stands in the file."""
    start = document.position(loc)
    lines = document.text.split("\n")
    if not 0 < start.line <= len(lines):
        return start
    header = lines[start.line - 1][start.column - 1:]
    if header[:1] in ("|", ">"):
        origins = _block_scalar(lines, start.line, header, text)
        if origins is not None and found.offset < len(origins):
            return origins[found.offset]
    elif "\n" not in text:
        line = lines[start.line - 1]
        for skip in (0, 1):  # plain, or after the opening quote
            if line.startswith(text, start.column - 1 + skip):
                return Position(start.line, start.column + skip + found.offset)
    return start


def _block_scalar(lines: list[str], header_line: int, header: str,
                  text: str) -> list[Position] | None:
    """The position of every character of a block scalar's value, or None when the file
    does not read back as `text` (an explicit indentation, an unusual layout)."""
    indicators = header.split("#")[0].strip()
    if any(c.isdigit() for c in indicators):
        return None
    body: list[tuple[int, str]] = []  # (line number, content) per line of the scalar
    indent = None
    for number in range(header_line + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            body.append((number, ""))
            continue
        here = len(line) - len(line.lstrip(" "))
        if indent is None:
            indent = here
        if here < indent:
            break
        body.append((number, line))
    if indent is None:
        return None
    chars, origins = _folded(body, indent) if header[0] == ">" else _literal(body, indent)
    value = "".join(chars).rstrip("\n")
    return origins if value == text.rstrip("\n") else None


Layout = tuple[list[str], list[Position]]


def _literal(body: list[tuple[int, str]], indent: int) -> Layout:
    chars: list[str] = []
    origins: list[Position] = []
    for number, line in body:
        content = line[indent:]
        chars += [*content, "\n"]
        origins += [Position(number, indent + j + 1) for j in range(len(content) + 1)]
    return chars, origins


def _folded(body: list[tuple[int, str]], indent: int) -> Layout:
    """YAML's folding: a line break between two lines of text becomes a space; empty
    lines stay line breaks, and lines indented further keep their breaks."""
    chars: list[str] = []
    origins: list[Position] = []
    empty, previous = 0, None  # empty lines since the last text line, and its kind
    for number, line in body:
        content = line[indent:]
        if not content:
            empty += 1
            continue
        more = content[0] in " \t"
        if previous is None:
            breaks = "\n" * empty
        elif empty == 0:
            breaks = "\n" if more or previous else " "
        else:
            breaks = "\n" * (empty + (1 if more or previous else 0))
        at = origins[-1] if origins else Position(number, indent + 1)
        chars += breaks
        origins += [at] * len(breaks)
        chars += content
        origins += [Position(number, indent + j + 1) for j in range(len(content))]
        empty, previous = 0, more
    return chars, origins


@functools.cache
def _holds_rich_text(annotation: Any) -> bool:
    """Whether a value of this type can hold an `Opmaak` text anywhere (most values, like
    names and ids, cannot: their data need not be walked)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return (any(isinstance(m, RichTextField) for m in annotation.__metadata__)
                or _holds_rich_text(typing.get_args(annotation)[0]))
    if origin in (typing.Union, types.UnionType, list, dict):
        return any(_holds_rich_text(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_rich_fields(annotation))
    return False


@functools.cache
def _rich_fields(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """The fields of a model that can hold an `Opmaak` text (made once per model: the
    walk over every file's data skips the others without looking at them again)."""
    return tuple((name, field) for name, field in _fields(model) if _holds_rich_text(field))
