"""YAML text to plain data with the position of every value, built from parser events.

The data is built from the parser's event stream with a stack of open lists and mappings,
never by recursion, so no input can exhaust Python's stack: nesting deeper than
`MAX_DEPTH` is refused where it happens and the rest of the file is not read. Anchors and
aliases are refused, and an alias is never expanded, so a "billion laughs" file costs no
more than its size. libyaml's C parser is used when present; positions come from the event
marks either way. `source` reads the file and checks its bytes first.
A file with nothing to refuse is read faster from libyaml's node tree (`yamlnodes`);
this builder reads every other one, and words every problem.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from stj_factsheet.errors import InvalidData, Problem

MAX_DEPTH = 50
"""The deepest nesting of lists and mappings accepted (real files need seven)."""
MAX_PROBLEMS = 50
"""Problems reported per file at most; one more line says that there are more."""

Loc = tuple[str | int, ...]
"""Where a value sits in a document: the keys and list indexes leading to it."""

_PURE: type[Any] = yaml.SafeLoader
_Loader: type[Any] = getattr(yaml, "CSafeLoader", _PURE)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_STR, _INT, _SEQ, _MAP, _MERGE = (f"{_TAG}{name}" for name in ("str", "int", "seq", "map",
                                                                "merge"))
_SCALAR, _ALIAS, _NODE, _END = (yaml.ScalarEvent, yaml.AliasEvent, yaml.NodeEvent,
                                 yaml.CollectionEndEvent)
_UNREADABLE = {f"{_TAG}int": "een getal met te veel cijfers",
               f"{_TAG}timestamp": "geen bestaande datum"}
"""What a scalar that looks like a number or date but cannot be constructed is."""


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
    text: str = ""
    """The file as read: `textcheck` finds a position inside a text value in it."""

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


def too_many(display: str, line: int, column: int) -> Problem:
    """The last problem of a file with more than `MAX_PROBLEMS`, where the next one was."""
    return Problem(display, line, column, f"meer dan {MAX_PROBLEMS} problemen in dit bestand; "
                   "de rest wordt niet gemeld", "los eerst deze op")


def build(text: str, display: str) -> Document:
    """The document in `text` (already checked for control characters and tab indents), or
    `InvalidData` with every problem found (at most `MAX_PROBLEMS`, and one line more)."""
    builder = _Builder(Document(display, None, text=text))
    error = _run(builder, text, _Loader)
    if error and "maximum nesting depth" in str(error.problem) and _Loader is not _PURE:
        # libyaml reads up to a thousand brackets ahead and stops at its own limit of a
        # thousand levels before the events have reached ours: read again with PyYAML's
        # own parser, which has no such limit, to say where ours is crossed.
        builder = _Builder(Document(display, None, text=text))
        error = _run(builder, text, _PURE)
    if error:
        builder.problem(error.problem_mark or error.context_mark, _syntax_message(error),
                        "controleer inspringing en dubbele punten; zet tekst met : of # "
                        "tussen aanhalingstekens of gebruik >-")
    problems = builder.problems
    if len(problems) > MAX_PROBLEMS:
        first_left_out = problems[MAX_PROBLEMS]
        problems[MAX_PROBLEMS:] = [too_many(display, first_left_out.line, first_left_out.column)]
    if problems:
        raise InvalidData(problems)
    if not builder.documents:
        raise InvalidData([Problem(display, 1, 1, "het bestand is leeg",
                                   "vul het aan; `stj new` maakt een ingevuld voorbeeld")])
    return builder.document


def _run(builder: _Builder, text: str, loader_class: type[Any]) -> yaml.MarkedYAMLError | None:
    """Feed the events of `text` to `builder`; the syntax error that ended it, if any."""
    loader = loader_class(text)
    try:
        builder.run(iter(loader.get_event, None))
    except yaml.MarkedYAMLError as error:
        return error
    finally:
        loader.dispose()
    return None


_SYNTAX = {
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
}


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    said = f"{error.context or ''} {error.problem or ''}"
    for english, dutch in _SYNTAX.items():
        if english in said:
            return f"ongeldige YAML: {dutch}"
    return f"ongeldige YAML ({' '.join(said.split())})"


class _Open:
    """A list or mapping being built: where it sits and what it holds so far (`items`
    None: its content is skipped, because its key was refused)."""

    __slots__ = ("items", "key", "loc", "want_key")

    def __init__(self, loc: Loc, items: list[Any] | dict[str, Any] | None) -> None:
        self.loc, self.items = loc, items
        self.want_key = True
        """In a mapping: whether the next node is a key."""
        self.key: str | None = None
        """In a mapping: the key of the value that comes next (None: skip the value)."""


class _Builder:
    """Turns parser events into data, recording positions and refusing what is unsafe."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.documents = 0
        self._open: list[_Open] = []

    def problem(self, mark: Any, message: str, hint: str = "") -> None:
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.problems.append(Problem(self.document.path, line, column, message, hint))

    def run(self, events: Iterable[Any]) -> None:
        opened, node, scalar, end = self._open, self._node, _SCALAR, _END
        for event in events:
            kind = type(event)
            if kind is scalar or issubclass(kind, _NODE):
                if not node(event, kind):
                    return
            elif issubclass(kind, end):
                opened.pop()
            elif kind is yaml.DocumentStartEvent:
                if self.documents:
                    self.problem(event.start_mark, "het bestand bevat meer dan één "
                                 "YAML-document (---)", "houd één document per bestand")
                    return
                self.documents = 1
            if len(self.problems) > MAX_PROBLEMS:
                return

    def _node(self, event: Any, kind: type[Any]) -> bool:
        """Place one scalar, alias or new collection; False when reading must stop."""
        if event.anchor is not None:
            what = "verwijzing (*)" if kind is _ALIAS else "anker (&)"
            self.problem(event.start_mark, f"{what} is niet toegestaan",
                         "schrijf de waarde voluit")
        opened = self._open
        top = opened[-1] if opened else None
        # Where the value goes (`loc`), or None: this node is a key, or skipped content.
        loc: Loc | None = ()
        if top is None:
            pass
        elif (items := top.items) is None:
            loc = None
        elif isinstance(items, list):
            loc = (*top.loc, len(items))
        elif top.want_key:
            top.want_key, top.key, loc = False, self._key(event, top.loc, items), None
        else:
            top.want_key = True
            loc = None if top.key is None else (*top.loc, top.key)
        if kind is _SCALAR or kind is _ALIAS:
            if loc is not None:
                value = (None if kind is _ALIAS else event.value
                         if event.tag is None and not event.implicit[0]  # quoted, or `>-`
                         else self._scalar(event, loc))
                self._place(top, loc, value, event.start_mark)
            return True
        if len(opened) >= MAX_DEPTH:
            self.problem(event.start_mark, f"hier zijn lijsten en mappings dieper genest dan "
                         f"{MAX_DEPTH} niveaus", "zo diep gaat een factsheet nooit: "
                         "controleer de haakjes [ ] { } en de inspringing")
            return False
        new: list[Any] | dict[str, Any] | None = None
        if loc is not None:
            new = self._collection(event, kind)
            self._place(top, loc, new, event.start_mark)
        opened.append(_Open(loc or (), new))
        return True

    def _place(self, top: _Open | None, loc: Loc, value: Any, mark: Any) -> None:
        self.document.values[loc] = _position(mark)
        if top is None:
            self.document.data = value
        elif type(items := top.items) is list:
            items.append(value)
        else:
            items[loc[-1]] = value  # type: ignore[index]

    def _collection(self, event: Any, kind: type[Any]) -> list[Any] | dict[str, Any]:
        mapping = kind is yaml.MappingStartEvent
        if event.tag not in (None, "!", _MAP if mapping else _SEQ):
            self.problem(event.start_mark, f"YAML-tag `{event.tag}` is niet toegestaan",
                         "verwijder de tag")
        return {} if mapping else []

    def _key(self, event: Any, loc: Loc, items: dict[str, Any]) -> str | None:
        """The key this node is, or None (and a problem) when it cannot be one."""
        if type(event) is yaml.AliasEvent:
            return None  # refused as an alias already
        tag = _tag(event) if type(event) is yaml.ScalarEvent else None
        if tag == _MERGE:
            self.problem(event.start_mark, "samenvoegen met `<<` is niet toegestaan",
                         "schrijf de sleutels voluit")
            return None
        if tag != _STR:
            self.problem(event.start_mark, "een sleutel moet tekst zijn",
                         "gebruik een woord als sleutel, zoals `naam`")
            return None
        key: str = event.value
        if key in items:
            first = self.document.keys[(*loc, key)]
            self.problem(event.start_mark, f"sleutel `{key}` staat dubbel (eerder op regel "
                         f"{first.line})", "houd één van beide; YAML zou de eerste "
                         "stilzwijgend weggooien")
            return None
        self.document.keys[(*loc, key)] = _position(event.start_mark)
        return key

    def _scalar(self, event: Any, loc: Loc) -> Any:
        tag = _tag(event)
        if tag not in _SCALAR_TAGS:
            self.problem(event.start_mark, f"YAML-tag `{tag}` is niet toegestaan",
                         "verwijder de tag; alleen gewone tekst, getallen en lijsten")
            return None
        if tag == _STR:
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = _constructor().yaml_constructors[tag](_constructor(), node)
        except (ValueError, OverflowError):  # 2013-13-45, or a number of 5,000 digits
            shown = event.value if len(event.value) <= 30 else f"{event.value[:30]}…"
            self.problem(event.start_mark, f"`{shown}` is {_UNREADABLE.get(tag, 'onleesbaar')}",
                         "zet het tussen aanhalingstekens als het tekst is")
            return None
        if isinstance(value, datetime.date | float | bool) or tag == _INT:
            self.document.coerced[loc] = event.value
        return value


def _position(mark: Any) -> Position:
    """The 1-based position of a 0-based mark (`Position(...)` would call a Python-level
    `__new__`: this is half the cost, for every value of every file)."""
    return tuple.__new__(Position, (mark.line + 1, mark.column + 1))


def _tag(event: Any) -> str:
    """The tag of a scalar: its own, or the one YAML 1.1 resolves its text to."""
    if event.tag is None or event.tag == "!":
        value = event.value
        if not event.implicit[0] or (value and value[0] not in _resolvable()):
            return _STR  # what `resolve` would say, without the call: most keys and texts
        return str(_constructor().resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, value, event.implicit))
    return str(event.tag)


@functools.cache
def _resolvable() -> frozenset[str]:
    """The first characters for which YAML 1.1 may resolve plain text to another tag than
    text (digits, signs, `y`/`n`/`t`/`f`/`o` for booleans, `~`, `<`, ...)."""
    resolvers = _constructor().yaml_implicit_resolvers
    assert None not in resolvers, "a resolver for any first character: check them all"
    return frozenset(key for key in resolvers if key)


@functools.cache
def _constructor() -> yaml.SafeLoader:
    """PyYAML's resolver and constructors for the standard scalar tags; they keep no state
    per file."""
    return yaml.SafeLoader("")
