"""Rules: aggregate the verdicts per indicator and derive "Wat gaat goed? / Wat kan beter?".

Pure functions, no I/O. The sentences come from the kader (`conclusiezinnen`), never
from code. One `conclusiezin` covers one indicator or a group of related indicators
(the four evaluation indicators make one point, not four). Per conclusiezin:

| verdicts of its indicators               | derived point                                |
| ---------------------------------------- | -------------------------------------------- |
| every judged one `voldoet`               | "goed": its `goed` sentence                  |
| at least one `verbeterpunt` or `gemengd` | "beter": its `beter` sentence + its `belang` |
| all `geen`                               | nothing                                      |

"goed" names the indicators judged `voldoet`; "beter" names those with a `verbeterpunt`
(also when they were judged `voldoet` as well: `gemengd`). So a "goed" point never names
an indicator with an X, a "beter" point never names one judged only √, and every
verbeterpunt is in a "beter" point. A theme without any point stays empty, as published.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from stj_factsheet.kader import KaderIndex
from stj_factsheet.models import Aanpak, OordeelWaarde
from stj_factsheet.source import Loc

Samenvatting = Literal["voldoet", "verbeterpunt", "gemengd", "geen"]
"""An indicator's verdicts in one word: only √, only X, both, or none."""

Bron = Literal["handmatig", "afgeleid"]


@dataclass(frozen=True)
class Punt:
    tekst: str
    indicatoren: list[str]
    bron: Bron


@dataclass(frozen=True)
class Conclusie:
    goed: list[Punt] = field(default_factory=list)
    beter: list[Punt] = field(default_factory=list)


def oordelen_per_indicator(aanpak: Aanpak) -> dict[str, list[tuple[OordeelWaarde, Loc]]]:
    """Every verdict an indicator received, with where in the file it was given.

    A verdict that names indicators applies to those; one that names none applies to every
    indicator of its finding.
    """
    found: dict[str, list[tuple[OordeelWaarde, Loc]]] = defaultdict(list)
    for b, bevinding in enumerate(aanpak.bevindingen):
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
        return next(iter(judged))  # type: ignore[return-value]
    return "geen"


def samenvattingen(aanpak: Aanpak, index: KaderIndex) -> dict[str, Samenvatting]:
    """Per indicator of the kader, in kader order, its verdicts in one word."""
    given = oordelen_per_indicator(aanpak)
    return {indicator: samenvatting({w for w, _ in given.get(indicator, ())})
            for indicator in index.plaatsen}


def derive(oordelen: dict[str, Samenvatting], index: KaderIndex,
           gemeente: str) -> dict[str, Conclusie]:
    """The derived conclusion per theme id, from per-indicator verdicts."""
    result: dict[str, Conclusie] = {thema.id: Conclusie() for thema in index.kader.themas}
    for zin in index.kader.conclusiezinnen:
        thema = index.plaatsen[zin.indicatoren[0]].thema.id
        values = {i: oordelen.get(i, "geen") for i in zin.indicatoren}
        beter = [i for i, v in values.items() if v in ("verbeterpunt", "gemengd")]
        goed = [i for i, v in values.items() if v == "voldoet"]
        if beter:
            tekst = f"{zin.beter} {zin.belang}".replace("{gemeente}", gemeente)
            result[thema].beter.append(Punt(tekst, beter, "afgeleid"))
        elif goed:
            result[thema].goed.append(
                Punt(zin.goed.replace("{gemeente}", gemeente), goed, "afgeleid"))
    return result
