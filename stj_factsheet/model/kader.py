"""The toetsingskader as data: loaded once per run from `frameworks/<id>.yaml`.

A data repository may carry its own `frameworks/` folder (next to `municipalities/`);
otherwise the frameworks shipped with this tool are used.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from stj_factsheet.errors import InvalidData, Problem
from stj_factsheet.load import source
from stj_factsheet.load.layout import SHIPPED as SHIPPED  # where kaders are found: see layout
from stj_factsheet.load.layout import available as available
from stj_factsheet.load.layout import find as find
from stj_factsheet.load.layout import kader_files as kader_files
from stj_factsheet.model.domain import Criterium, Indicator, Kader, Thema
from stj_factsheet.model.typed import to_model


@dataclass(frozen=True)
class Plaats:
    """Where an indicator sits in the kader."""

    thema: Thema
    criterium: Criterium
    indicator: Indicator
    volgnummer: int
    """Position of the indicator in the whole kader (0-based), for sorting."""


class KaderIndex:
    """A validated kader with look-ups by id."""

    def __init__(self, kader: Kader) -> None:
        self.kader = kader

    @cached_property
    def plaatsen(self) -> dict[str, Plaats]:
        found: dict[str, Plaats] = {}
        for thema in self.kader.themas:
            for criterium in thema.criteria:
                for indicator in criterium.indicatoren:
                    found[indicator.id] = Plaats(thema, criterium, indicator, len(found))
        return found

    @cached_property
    def themas(self) -> dict[str, Thema]:
        return {thema.id: thema for thema in self.kader.themas}

    def suggest(self, wrong: str, known: list[str] | None = None) -> str:
        """A "did you mean" hint for an unknown id, or "" when nothing is close."""
        candidates = known if known is not None else list(self.plaatsen)
        close = difflib.get_close_matches(wrong, candidates, n=1, cutoff=0.5)
        return f"bedoelde u `{close[0]}`?" if close else ""


def load(file: Path, display: str) -> KaderIndex:
    """Load and validate one kader file, or raise `InvalidData`."""
    document = source.load(file, display)
    index = KaderIndex(to_model(Kader, document))
    problems = []
    seen: set[str] = set()
    for thema_no, thema in enumerate(index.kader.themas):
        for criterium_no, criterium in enumerate(thema.criteria):
            loc = ("themas", thema_no, "criteria", criterium_no)
            ids = [(criterium.id, (*loc, "id"))] + [
                (indicator.id, (*loc, "indicatoren", n, "id"))
                for n, indicator in enumerate(criterium.indicatoren)]
            for item_id, item_loc in ids:
                if not item_id.startswith(f"{thema.id}."):
                    problems.append(document.problem(
                        item_loc, f"id `{item_id}` hoort te beginnen met `{thema.id}.`"))
                if item_id in seen:
                    problems.append(document.problem(item_loc, f"id `{item_id}` bestaat al"))
                seen.add(item_id)
    problems += _check_conclusiezinnen(index, document)
    if problems:
        raise InvalidData(problems)
    return index


def _check_conclusiezinnen(index: KaderIndex, document: source.Document) -> list[Problem]:
    """Every indicator in exactly one conclusiezin, each zin within one theme."""
    problems = []
    covered: set[str] = set()
    for z, zin in enumerate(index.kader.conclusiezinnen):
        themas = set()
        for i, indicator in enumerate(zin.indicatoren):
            loc = ("conclusiezinnen", z, "indicatoren", i)
            if indicator not in index.plaatsen:
                problems.append(document.problem(loc, f"onbekende indicator `{indicator}`",
                                                 index.suggest(indicator)))
                continue
            if indicator in covered:
                problems.append(document.problem(
                    loc, f"`{indicator}` heeft al conclusiezinnen"))
            covered.add(indicator)
            themas.add(index.plaatsen[indicator].thema.id)
        if len(themas) > 1:
            problems.append(document.problem(("conclusiezinnen", z),
                                             "een groep indicatoren hoort bij één thema"))
    for indicator in index.plaatsen:
        if indicator not in covered:
            problems.append(document.problem(
                ("conclusiezinnen",), f"indicator `{indicator}` heeft geen conclusiezinnen",
                key=True))
    return problems
