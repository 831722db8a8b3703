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

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from stj_factsheet.load.source import Loc
from stj_factsheet.model.domain import Aanpak, Bevinding, OordeelWaarde
from stj_factsheet.model.kader import KaderIndex

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
    """Per indicator these findings judge (in order of appearance), its verdicts in one
    word: a follow-up round judges only some indicators."""
    return {indicator: samenvatting({w for w, _ in given})
            for indicator, given in oordelen_per_indicator(bevindingen).items()}


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


# --- follow-up rounds --------------------------------------------------------------------
#
# A follow-up round judges again, with the kader's own verdicts, every verbeterpunt still
# open after the previous round (and may add new ones). Its progress word is derived from
# the verdict now, so it can never contradict it:
#
# | verdict now (was verbeterpunt or gemengd) | voortgang       |
# | ----------------------------------------- | --------------- |
# | voldoet                                   | opgepakt        |
# | gemengd (√ and X)                         | deels opgepakt  |
# | verbeterpunt                              | niet opgepakt   |
# | geen                                      | niet beoordeeld |

Voortgang = Literal["opgepakt", "deels opgepakt", "niet opgepakt", "niet beoordeeld"]
VOORTGANGEN: tuple[Voortgang, ...] = ("opgepakt", "deels opgepakt", "niet opgepakt",
                                      "niet beoordeeld")
_VOORTGANG: dict[Samenvatting, Voortgang] = {
    "voldoet": "opgepakt", "gemengd": "deels opgepakt", "verbeterpunt": "niet opgepakt",
    "geen": "niet beoordeeld"}


@dataclass(frozen=True)
class VoortgangTelling:
    """What became of earlier verbeterpunten, and how many new ones there are."""

    opgepakt: int = 0
    deels_opgepakt: int = 0
    niet_opgepakt: int = 0
    niet_beoordeeld: int = 0
    nieuw: int = 0

    @property
    def eerder(self) -> int:
        """The earlier verbeterpunten (the new ones not included)."""
        return self.opgepakt + self.deels_opgepakt + self.niet_opgepakt + self.niet_beoordeeld

    def delen(self) -> list[tuple[str, int]]:
        return [("opgepakt", self.opgepakt), ("deels opgepakt", self.deels_opgepakt),
                ("niet opgepakt", self.niet_opgepakt),
                ("niet opnieuw beoordeeld", self.niet_beoordeeld)]

    @classmethod
    def van(cls, woorden: Iterable[Voortgang], nieuw: int) -> VoortgangTelling:
        counts = Counter(woorden)
        return cls(counts["opgepakt"], counts["deels opgepakt"], counts["niet opgepakt"],
                   counts["niet beoordeeld"], nieuw)


def voortgang(nu: Samenvatting) -> Voortgang:
    """What became of an earlier verbeterpunt, judged `nu` in the follow-up."""
    return _VOORTGANG[nu]


def is_verbeterpunt(waarde: Samenvatting) -> bool:
    return waarde in ("verbeterpunt", "gemengd")


def open_verbeterpunten(stand: Mapping[str, Samenvatting]) -> list[str]:
    """The indicators still to improve, in the order of `stand` (kader order)."""
    return [indicator for indicator, waarde in stand.items() if is_verbeterpunt(waarde)]


def stand_na(stand: Mapping[str, Samenvatting],
             ronde: Mapping[str, Samenvatting]) -> dict[str, Samenvatting]:
    """The state after a follow-up round: its verdicts replace the earlier ones; an
    indicator it does not judge keeps its earlier verdict (`geen` now keeps it too: not
    looked at again is not resolved)."""
    result = dict(stand)
    for indicator, waarde in ronde.items():
        if waarde != "geen" or indicator not in result:
            result[indicator] = waarde
    return result
