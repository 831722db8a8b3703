"""Whatever an aanpak file holds, the answer is "valid" or located problems, never a crash."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stj_factsheet.errors import InvalidData
from stj_factsheet.load import source, yamlnodes, yamltree
from stj_factsheet.load.source import parse
from stj_factsheet.model.domain import Aanpak
from stj_factsheet.model.kader import SHIPPED, KaderIndex
from stj_factsheet.model.kader import load as load_kader
from stj_factsheet.model.typed import to_model
from stj_factsheet.validate.checks import check_aanpak

KADER: KaderIndex = load_kader(SHIPPED / "ggsr-2013.yaml", "ggsr-2013.yaml")
VALID = (Path(__file__).resolve().parent.parent / "municipalities" / "venlo"
         / "er-op-af-aanpak.yaml").read_bytes()


def outcome(raw: bytes) -> str:
    try:
        document = parse(raw, "aanpak.yaml")
        aanpak = to_model(Aanpak, document)
        problems = check_aanpak(aanpak, document, KADER)
    except InvalidData as error:
        assert error.problems, "an InvalidData without problems"
        problems = error.problems
    for problem in problems:
        assert problem.path == "aanpak.yaml"
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message
    return "problems" if problems else "valid"


def test_the_shipped_file_is_valid() -> None:
    assert outcome(VALID) == "valid"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(raw: bytes) -> None:
    outcome(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_valid_file(data: st.DataObject) -> None:
    """Cut, duplicate or overwrite a slice of a real file: near-valid input finds the
    deeper code paths (models, kader checks) that random bytes never reach."""
    start = data.draw(st.integers(0, len(VALID)))
    end = data.draw(st.integers(start, min(len(VALID), start + 200)))
    patch = data.draw(st.binary(max_size=40) | st.sampled_from(
        [b"", b"yes", b": ", b"\n  - ", b"&a ", b"*a", b"!!python/none", b"\t", b"[", b"'"]))
    outcome(VALID[:start] + patch + VALID[end:])


SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text(max_size=20) | st.sampled_from(
               ["voldoet", "verbeterpunt", "geen", "toeleiding.zicht-op-populatie",
                "aanpak.beleid", "toeleiding", "goed", "beter"]))
KEYS = st.sampled_from(["naam", "netwerkpartners", "aantal_gezinnen", "beschrijving",
                        "bevindingen", "conclusies", "indicatoren", "oordeel", "oordelen",
                        "tekst", "let_op", "goed", "beter", "toeleiding", "onbekend"])
TREES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                     | st.dictionaries(KEYS, children, max_size=6), max_leaves=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES)
def test_arbitrary_yaml_trees(tree: object) -> None:
    outcome(yaml.safe_dump(tree, allow_unicode=True).encode("utf-8"))


def _documents(text: str) -> tuple[object, object]:
    """What the node-tree path (`yamlnodes`, None: it leaves the file to the events) and
    the event builder (`yamltree`: the document, or its problems) make of `text`."""
    def shown(document: yamltree.Document) -> object:
        return (repr(document.data), list(document.values.items()),
                list(document.keys.items()), document.coerced)

    try:
        slow = shown(yamltree.build(text, "aanpak.yaml"))
    except InvalidData as error:
        slow = [str(p) for p in error.problems]
    fast = yamlnodes.read(text, "aanpak.yaml")
    return (slow if fast is None else shown(fast)), slow


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_node_tree_shortcut_reads_every_file_as_the_events_do(data: st.DataObject) -> None:
    """A file is read from libyaml's node tree when it holds nothing to refuse, else from
    the parser's events: whatever the node tree reads, the events read the same, data and
    every position (mutated real files, as above, reach both paths)."""
    start = data.draw(st.integers(0, len(VALID)))
    end = data.draw(st.integers(start, min(len(VALID), start + 200)))
    patch = data.draw(st.binary(max_size=40) | st.sampled_from(
        [b"", b"yes", b"2013-10-01", b"12:30", b"1e3", b": ", b"\n  - ", b"&a ", b"*a",
         b"!!str ", b"!!int ", b"!foo ", b"<<: ", b"? [a]\n", b"{a: 1, a: 2}", b"---\n",
         b"\n" + b"[" * 60, b"'"]))
    raw = VALID[:start] + patch + VALID[end:]
    # What `source` refuses before `yamltree` sees it: control characters.
    text = source._FORBIDDEN.sub("", raw.decode("utf-8", errors="replace"))
    fast, slow = _documents(text)
    assert fast == slow


def test_a_real_file_takes_the_node_tree_path() -> None:
    assert yamlnodes.read(VALID.decode("utf-8"), "aanpak.yaml") is not None
