"""YAML text to plain data with positions, from libyaml's node tree: the fast path of
`yamltree`, for a file that holds nothing to refuse.

libyaml composes the node tree in C; walking it once costs less than placing every
parser event in Python, as `yamltree` does. Only a file without `&` (so without anchors
and aliases, which the tree does not show) is read here, and anything else the event
builder would refuse or word a problem for (a syntax error, a tag outside the core
schema, a duplicate or non-text key, nesting beyond `MAX_DEPTH`, a scalar that cannot
be constructed, no document) gives None: `source` then asks `yamltree`, which finds and
words every problem. For every file read here both give the same data and positions
(tests/test_fuzz.py compares them).
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

import yaml

from stj_factsheet.load.yamltree import (
    _INT,
    _MAP,
    _PURE,
    _SCALAR_TAGS,
    _SEQ,
    _STR,
    MAX_DEPTH,
    Document,
    Loc,
    Position,
    _constructor,
    _Loader,
    _resolvable,
)


class _Refused(Exception):
    """The node tree holds something `_Builder` refuses: read the file again with it."""


def read(text: str, display: str) -> Document | None:
    """The document of a file that holds nothing to refuse, from libyaml's node tree (C:
    several times faster than placing parser events in Python), or None: the file has, or
    may have, something `_Builder` refuses or words a problem for (an anchor, a syntax
    error, a tag, a duplicate or non-text key, nesting beyond `MAX_DEPTH`, a scalar that
    cannot be constructed, no document at all). The events then give the same problems
    as always; for every other file both give the same document."""
    if "&" in text or _Loader is _PURE:
        return None  # an anchor (the node tree does not show it), or no libyaml
    loader = _composer()(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if root is None:
        return None
    document = Document(display, None, text=text)
    try:
        document.data = _NodeReader(document).value(root, (), 0)
    except _Refused:
        return None
    return document


@functools.cache
def _composer() -> type[Any]:
    """libyaml's loader, resolving the tag of a plain scalar as `_tag` does: most keys and
    texts are text by their first character, without PyYAML's resolver (the C composer
    asks it for every node). Only the resolver's answer is used, never its constructors."""
    resolvable = _resolvable()
    resolve = _Loader.resolve
    scalar, text, sequence, mapping = yaml.ScalarNode, _STR, yaml.SequenceNode, _MAP

    def quick(self: Any, kind: type[Any], value: Any, implicit: Any) -> str:
        if kind is scalar:
            if not implicit[0] or (value and value[0] not in resolvable):
                return text
        elif not self.yaml_path_resolvers:
            return _SEQ if kind is sequence else mapping
        return str(resolve(self, kind, value, implicit))

    def nothing(self: Any, *args: Any) -> None:
        """No path resolvers: nothing to descend into or ascend from."""

    return type("_Composer", (_Loader,), {"resolve": quick, "descend_resolver": nothing,
                                          "ascend_resolver": nothing})


class _NodeReader:
    """Plain data and positions from a composed node tree; `_Refused` on anything the
    event builder would refuse (it is then asked instead, for its wording)."""

    def __init__(self, document: Document) -> None:
        self.values = document.values
        self.keys = document.keys
        self.coerced = document.coerced

    def value(self, node: Any, loc: Loc, depth: int) -> Any:
        mark = node.start_mark
        self.values[loc] = tuple.__new__(Position, (mark.line + 1, mark.column + 1))
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self._scalar(node, loc)
        if depth >= MAX_DEPTH:
            raise _Refused
        if kind is yaml.MappingNode:
            if node.tag != _MAP:
                raise _Refused
            mapping: dict[str, Any] = {}
            keys, value = self.keys, self.value
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                    raise _Refused
                key = key_node.value
                if key in mapping:
                    raise _Refused
                here = (*loc, key)
                at = key_node.start_mark
                keys[here] = tuple.__new__(Position, (at.line + 1, at.column + 1))
                mapping[key] = value(value_node, here, depth + 1)
            return mapping
        if node.tag != _SEQ:
            raise _Refused
        return [self.value(item, (*loc, n), depth + 1) for n, item in enumerate(node.value)]

    def _scalar(self, node: Any, loc: Loc) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise _Refused
        try:
            value = _constructor().yaml_constructors[tag](_constructor(), node)
        except (ValueError, OverflowError):
            raise _Refused from None
        if isinstance(value, datetime.date | float | bool) or tag == _INT:
            self.coerced[loc] = node.value
        return value
