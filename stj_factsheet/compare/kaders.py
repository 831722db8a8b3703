"""The kaders of the data root (`frameworks/`) on both sides: every field that differs.

The shipped kaders never differ: they come with the tool, not with the data. What a
changed kader does to each factsheet is said under that gemeente (`compare.gemeente`);
this lists the kader's own fields, named by their place (`themas › toeleiding › …`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stj_factsheet.compare import model as m
from stj_factsheet.compare.tekst import Tekst
from stj_factsheet.compare.vergelijk import status, tekst_wijziging
from stj_factsheet.load import layout
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.validate.project import Project

Kader = Callable[[str], KaderIndex | None]


def kaders(van: Project, tot: Project, kader_van: Kader, kader_tot: Kader,
           ) -> list[m.KaderVerschil]:
    """The kaders that differ, field by field."""
    result = []
    for kader_id in sorted(set(layout.available(van.root)) | set(layout.available(tot.root))):
        oud = _plat(kader_van(kader_id))
        nieuw = _plat(kader_tot(kader_id))
        if oud == nieuw:
            continue
        wijzigingen: list[m.Wijziging] = []
        for pad in dict.fromkeys([*nieuw, *oud]):
            a, b = oud.get(pad), nieuw.get(pad)
            if a == b:
                continue
            if isinstance(a, str) and isinstance(b, str):
                wijzigingen += tekst_wijziging(pad, Tekst(a), Tekst(b))
            else:
                wijzigingen.append(m.Wijziging(soort="gegeven", onderwerp=pad,
                                               van=None if a is None else str(a),
                                               tot=None if b is None else str(b)))
        if wijzigingen or not oud or not nieuw:
            result.append(m.KaderVerschil(id=kader_id, status=status(
                oud or None, nieuw or None, True), wijzigingen=wijzigingen))
    return result


def _plat(index: KaderIndex | None) -> dict[str, Any]:
    """A kader as `pad → value` for every value in it (list items named by their id)."""
    found: dict[str, Any] = {}

    def walk(node: Any, pad: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{pad} › {key}" if pad else key)
        elif isinstance(node, list):
            for n, value in enumerate(node, start=1):
                naam = (value.get("id") or ", ".join(value.get("indicatoren", []))
                        if isinstance(value, dict) else "") or str(n)
                walk(value, f"{pad} › {naam}")
        elif node is not None:
            found[pad] = node

    if index is not None:
        walk(index.kader.model_dump(), "")
    return found
