"""Verdicts: per indicator the verdicts of an aanpak in one word, and counts of them.

Pure functions, no I/O. An indicator's verdicts (√ voldoet, X verbeterpunt, or neither)
summed up in one word (`Samenvatting`): only √, only X, both (`gemengd`), or none (`geen`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from stj_factsheet.load.source import Loc
from stj_factsheet.model.domain import Aanpak, Bevinding, OordeelWaarde
from stj_factsheet.model.kader import KaderIndex

Samenvatting = Literal["voldoet", "verbeterpunt", "gemengd", "geen"]
"""An indicator's verdicts in one word: only √, only X, both, or none."""


@dataclass(frozen=True)
class Telling:
    """How many indicators (or aanpakken, or gemeenten) got which verdict in one word."""

    voldoet: int = 0
    verbeterpunt: int = 0
    gemengd: int = 0
    geen: int = 0

    @property
    def totaal(self) -> int:
        return self.voldoet + self.verbeterpunt + self.gemengd + self.geen

    @property
    def met_verbeterpunt(self) -> int:
        """X alone or together with √."""
        return self.verbeterpunt + self.gemengd

    def delen(self) -> list[tuple[Samenvatting, int]]:
        """(verdict, count) in chart order, for bars and their labels."""
        return [("voldoet", self.voldoet), ("verbeterpunt", self.verbeterpunt),
                ("gemengd", self.gemengd), ("geen", self.geen)]

    @classmethod
    def van(cls, woorden: Iterable[Samenvatting]) -> Telling:
        counts = Counter(woorden)
        return cls(counts["voldoet"], counts["verbeterpunt"], counts["gemengd"], counts["geen"])


def procent(n: int, totaal: int) -> str:
    """A whole percentage, rounded half up (so the same figures always print alike)."""
    return f"{(200 * n + totaal) // (2 * totaal)}%" if totaal else "–"


def oordelen_per_indicator(bevindingen: Sequence[Bevinding],
                            ) -> dict[str, list[tuple[OordeelWaarde, Loc]]]:
    """Every verdict an indicator received, with where in the file it was given.

    A verdict that names indicators applies to those; one that names none applies to every
    indicator of its finding.
    """
    found: dict[str, list[tuple[OordeelWaarde, Loc]]] = defaultdict(list)
    for b, bevinding in enumerate(bevindingen):
        for o, oordeel in enumerate(bevinding.alle_oordelen):
            loc: Loc = (("bevindingen", b, "oordelen", o, "oordeel") if bevinding.oordelen
                        else ("bevindingen", b, "oordeel"))
            for indicator in oordeel.indicatoren or bevinding.indicatoren:
                found[indicator].append((oordeel.oordeel, loc))
    return found


def samenvatting(waarden: set[OordeelWaarde]) -> Samenvatting:
    judged = waarden - {"geen"}
    if judged == {"voldoet", "verbeterpunt"}:
        return "gemengd"
    if judged:
        return next(iter(judged))
    return "geen"


def uitgesplitst(woord: Samenvatting) -> set[OordeelWaarde]:
    """The verdicts behind one word: `gemengd` is √ and X."""
    if woord == "gemengd":
        return {"voldoet", "verbeterpunt"}
    return {woord}


def samenvattingen(aanpak: Aanpak, index: KaderIndex) -> dict[str, Samenvatting]:
    """Per indicator of the kader, in kader order, its verdicts in one word."""
    given = oordelen_per_indicator(aanpak.bevindingen)
    return {indicator: samenvatting({w for w, _ in given.get(indicator, ())})
            for indicator in index.plaatsen}


def beoordeeld(bevindingen: Sequence[Bevinding]) -> dict[str, Samenvatting]:
    """Per indicator these findings name (in order of appearance), its verdicts in one
    word: a follow-up round judges only some indicators. One that none of its finding's
    verdicts names is `geen`."""
    given = oordelen_per_indicator(bevindingen)
    return {indicator: samenvatting({w for w, _ in given.get(indicator, ())})
            for bevinding in bevindingen for indicator in bevinding.indicatoren}
