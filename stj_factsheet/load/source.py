"""Load one YAML file into plain Python data, keeping the line and column of every value.

Only the safe subset of YAML that hand-written data needs is accepted: mappings with text
keys, sequences and scalars of the standard tags. Refused with a located problem: syntax
errors, bytes that are not UTF-8, tabs in indentation, an empty file, duplicate keys,
anchors and aliases, merge keys, any tag outside the YAML core schema (``!!python/...``),
and files over `MAX_BYTES`. libyaml's C parser is used when present; positions come from
the node marks either way.

YAML 1.1 resolves ``yes``, ``12:30`` or ``2013-10-01`` to booleans, numbers and dates. The
values are constructed as YAML says (the models, being strict, then refuse them where text
is expected); the original text of every such scalar is kept so that the error can quote it.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from stj_factsheet.errors import InvalidData, Problem

MAX_BYTES = 1024 * 1024

Loc = tuple[str | int, ...]
"""Where a value sits in a document: the keys and list indexes leading to it."""

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_STR, _INT, _SEQ, _MAP, _MERGE = (f"{_TAG}{name}" for name in ("str", "int", "seq", "map",
                                                                "merge"))


class Position(NamedTuple):
    """Where a value starts in its file (1-based). A tuple: files have thousands."""

    line: int
    column: int


@dataclass
class Document:
    """A loaded YAML file: its data, and where each value and key stood."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    coerced: dict[Loc, str] = field(default_factory=dict)
    """Scalars YAML turned into something else than text, with their original text."""

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of `loc`, or of its nearest ancestor that exists in the file."""
        table = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end]) or self.values.get(loc[:end])
            if found:
                return found
        return Position(1, 1)

    def problem(self, loc: Loc, message: str, hint: str = "", **kwargs: Any) -> Problem:
        where = self.position(loc, key=kwargs.pop("key", False))
        return Problem(self.path, where.line, where.column, message, hint, **kwargs)


def load(file: Path, display: str) -> Document:
    """Read `file` (shown to the user as `display`) or raise `InvalidData`."""
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise _single(display, 1, 1, f"het bestand is {size:,} bytes, meer dan 1 MB",
                          "splits het bestand of verwijder wat er niet in hoort")
        raw = file.read_bytes()
    except OSError as error:
        raise _single(display, 1, 1, f"kan het bestand niet lezen: {error.strerror}") from None
    return parse(raw, display)


def parse(raw: bytes, display: str) -> Document:
    """Parse YAML bytes; `display` names the file in problems."""
    text = _decode(raw, display)
    problems = list(_tab_indents(text, display)) if "\t" in text else []
    if "&" in text or "*" in text:
        problems += _anchors(text, display)
    if problems:
        raise InvalidData(problems)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _single(display, line, column, _syntax_message(error),
                      "controleer inspringing en dubbele punten; zet tekst met : of # "
                      "tussen aanhalingstekens of gebruik >-") from None
    except yaml.YAMLError as error:
        raise _single(display, 1, 1, f"ongeldige YAML: {error}") from None
    if node is None:
        raise _single(display, 1, 1, "het bestand is leeg",
                      "vul het aan; `stj new` maakt een ingevuld voorbeeld")
    document = Document(display, None)
    builder = _Builder(document)
    document.data = builder.build(node, ())
    if builder.problems:
        raise InvalidData(builder.problems)
    return document


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise _single(display, line, column,
                      f"byte 0x{raw[error.start]:02x} is geen geldige UTF-8",
                      "sla het bestand op als UTF-8") from None


def _tab_indents(text: str, display: str) -> Iterator[Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            yield Problem(display, number, indent.index("\t") + 1,
                          "tab gebruikt om in te springen", "spring in met spaties")


def _anchors(text: str, display: str) -> list[Problem]:
    """Anchors (&) and aliases (*), found on the event stream before anything is built."""
    problems = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            is_alias = isinstance(event, yaml.AliasEvent)
            if is_alias or getattr(event, "anchor", None) is not None:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                what = "verwijzing (*)" if is_alias else "anker (&)"
                problems.append(Problem(display, line, column,
                                        f"{what} is niet toegestaan", "schrijf de waarde voluit"))
    except yaml.YAMLError:
        pass  # the composer reports syntax errors with their position
    return problems


_SYNTAX = {
    "expected a single document": "het bestand bevat meer dan één YAML-document (---)",
    "found character '\\t'": "een tab waar YAML die niet toestaat",
    "did not find expected node content": "hier verwacht YAML een waarde",
    "could not find expected ':'": "hier ontbreekt een dubbele punt na de sleutel",
    "mapping values are not allowed": "een dubbele punt binnen een waarde",
    "found unexpected end of stream": "het bestand houdt onverwacht op (een aanhalingsteken "
    "of haakje niet gesloten?)",
    "did not find expected key": "hier verwacht YAML een sleutel (klopt de inspringing?)",
    "did not find expected ',' or ']'": "een lijst tussen [ ] is niet gesloten",
    "did not find expected ',' or '}'": "een mapping tussen { } is niet gesloten",
    "expected <block end>": "de inspringing klopt niet",
    "that cannot start any token": "een teken waarmee een waarde niet kan beginnen",
    "found undefined alias": "verwijzing (*) is niet toegestaan",
}


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    said = f"{error.context or ''} {error.problem or ''}"
    for english, dutch in _SYNTAX.items():
        if english in said:
            return f"ongeldige YAML: {dutch}"
    return f"ongeldige YAML ({' '.join(said.split())})"


def _single(path: str, line: int, column: int, message: str, hint: str = "") -> InvalidData:
    return InvalidData([Problem(path, line, column, message, hint)])


class _Builder:
    """Turns composed nodes into data, recording positions and refusing what is unsafe."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._values = document.values

    def _problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.document.path, mark.line + 1, mark.column + 1, message, hint))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if id(node) in self._seen:
            # The composer hands out the anchored node again for every alias: refusing the
            # second visit keeps a "billion laughs" file from ever being expanded.
            self._problem(node, "ankers en verwijzingen (& en *) zijn niet toegestaan",
                          "schrijf de waarde voluit")
            return None
        self._seen.add(id(node))
        mark = node.start_mark
        self._values[loc] = Position(mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if node.tag != _SEQ:  # a sequence, the only other kind of node
            self._problem(node, f"YAML-tag `{node.tag}` is niet toegestaan", "verwijder de tag")
        return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != _MAP:
            self._problem(node, f"YAML-tag `{node.tag}` is niet toegestaan", "verwijder de tag")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._problem(key_node, "samenvoegen met `<<` is niet toegestaan",
                              "schrijf de sleutels voluit")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self._problem(key_node, "een sleutel moet tekst zijn",
                              "gebruik een woord als sleutel, zoals `naam`")
                continue
            key = key_node.value
            if key in result:
                first = self.document.keys[(*loc, key)]
                self._problem(key_node, f"sleutel `{key}` staat dubbel (eerder op regel "
                              f"{first.line})", "houd één van beide; YAML zou de eerste "
                              "stilzwijgend weggooien")
                continue
            self.document.keys[(*loc, key)] = Position(key_node.start_mark.line + 1,
                                                       key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._problem(node, f"YAML-tag `{node.tag}` is niet toegestaan",
                          "verwijder de tag; alleen gewone tekst, getallen en lijsten")
            return None
        if node.tag == _STR:
            return node.value
        value = _constructor().yaml_constructors[node.tag](_constructor(), node)
        if isinstance(value, datetime.date | float | bool) or node.tag == _INT:
            self.document.coerced[loc] = node.value
        return value


@functools.cache
def _constructor() -> yaml.SafeLoader:
    """PyYAML's constructors for the standard scalar tags; they keep no state per file."""
    return yaml.SafeLoader("")
