"""Rules: aggregate the verdicts per indicator and derive "Wat gaat goed? / Wat kan beter?".

Pure functions, no I/O. The sentences come from the kader (`conclusiezinnen`), never
from code. A kader entry names one indicator or a group of related ones and holds, per
verdict, the sentence that states that verdict about exactly those indicators. It speaks
only when every one of its indicators has that verdict:

| verdicts of the entry's indicators | derived point                                          |
| ---------------------------------- | ------------------------------------------------------ |
| each `voldoet` (only √)            | "goed": its `voldoet` sentence                         |
| each `verbeterpunt` (only X)       | "beter": its `verbeterpunt` sentence + its `belang`    |
| each `gemengd` (√ and X)           | "beter": its `gemengd` ("deels") sentence + `belang`   |
| anything else                      | smaller entries speak: a sub-group, or per indicator   |

The largest entries that fit are taken first, each indicator once (the kader guarantees
that groups are nested or apart and that every indicator has an entry of its own with all
three sentences, so every pattern is covered exactly). An indicator without a verdict
(`geen`) is never named. So a point names exactly the indicators whose verdict its
sentence states, and a theme without any verdict stays empty, as published.

Selection: STJ's conclusion "does not aim at completeness" and names the points that carry
an important risk. A point whose entry names its risk (`belang`) comes first in its column;
a point whose entry names none, and every "deels" point (its indicator is partly met),
follows, marked `optioneel`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from stj_factsheet.load.source import Loc
from stj_factsheet.model.domain import Aanpak, Bevinding, Conclusiezin, OordeelWaarde, ZinOordeel
from stj_factsheet.model.kader import KaderIndex

Samenvatting = Literal["voldoet", "verbeterpunt", "gemengd", "geen"]
"""An indicator's verdicts in one word: only √, only X, both, or none."""

Bron = Literal["handmatig", "afgeleid"]


@dataclass(frozen=True)
class Punt:
    tekst: str
    indicatoren: list[str]
    bron: Bron
    optioneel: bool = False
    """A derived point that carries no risk the kader names: the draft shows it last."""


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
    """Per indicator these findings name (in order of appearance), its verdicts in one
    word: a follow-up round judges only some indicators. One that none of its finding's
    verdicts names is `geen`."""
    given = oordelen_per_indicator(bevindingen)
    return {indicator: samenvatting({w for w, _ in given.get(indicator, ())})
            for bevinding in bevindingen for indicator in bevinding.indicatoren}


KOLOM: dict[ZinOordeel, Literal["goed", "beter"]] = {
    "voldoet": "goed", "verbeterpunt": "beter", "gemengd": "beter"}
"""The column a derived point goes to, by the verdict its sentence states."""


@dataclass(frozen=True)
class Uitspraak:
    """A kader entry chosen for a pattern of verdicts, and the verdict it states about
    every one of its indicators."""

    zin: Conclusiezin
    oordeel: ZinOordeel

    @property
    def optioneel(self) -> bool:
        """No risk named (no `belang`), or the indicators are partly met ("deels")."""
        return self.zin.belang is None or self.oordeel == "gemengd"

    def punt(self, gemeente: str) -> Punt:
        zin = self.zin.zin(self.oordeel)
        assert zin is not None  # chosen only where the entry has this sentence
        tekst = zin.tekst
        if KOLOM[self.oordeel] == "beter" and self.zin.belang is not None:
            tekst = f"{tekst} {self.zin.belang.tekst}"
        return Punt(tekst.replace("{gemeente}", gemeente), list(self.zin.indicatoren),
                    "afgeleid", self.optioneel)


def uitspraken(oordelen: Mapping[str, Samenvatting], index: KaderIndex) -> list[Uitspraak]:
    """The kader entries that state these verdicts, largest first, each indicator once;
    returned in kader order. An indicator judged `geen` is in none of them."""
    gedekt: set[str] = set()
    gekozen: list[Uitspraak] = []
    for zin in sorted(index.kader.conclusiezinnen, key=lambda z: -len(z.indicatoren)):
        woorden = {oordelen.get(i, "geen") for i in zin.indicatoren}
        if len(woorden) != 1 or gedekt.intersection(zin.indicatoren):
            continue
        woord = woorden.pop()
        if woord != "geen" and zin.zin(woord) is not None:
            gekozen.append(Uitspraak(zin, woord))
            gedekt.update(zin.indicatoren)
    return sorted(gekozen, key=lambda u: min(index.plaatsen[i].volgnummer
                                             for i in u.zin.indicatoren))


def derive(oordelen: Mapping[str, Samenvatting], index: KaderIndex,
           gemeente: str) -> dict[str, Conclusie]:
    """The derived conclusion per theme id, from per-indicator verdicts: per column the
    points that carry a named risk first, then the optional ones (each in kader order)."""
    result: dict[str, Conclusie] = {thema.id: Conclusie() for thema in index.kader.themas}
    for uitspraak in sorted(uitspraken(oordelen, index), key=lambda u: u.optioneel):
        conclusie = result[index.plaatsen[uitspraak.zin.indicatoren[0]].thema.id]
        kolom = conclusie.goed if KOLOM[uitspraak.oordeel] == "goed" else conclusie.beter
        kolom.append(uitspraak.punt(gemeente))
    return result


# --- follow-up rounds --------------------------------------------------------------------
#
# A follow-up round judges again, with the kader's own verdicts, every verbeterpunt still
# open after the previous round (and may add new ones). Its progress word is derived from
# the pair (verdict then, verdict now), so it can never contradict them:
#
# | then              | now                | voortgang                 |
# | ----------------- | ------------------ | ------------------------- |
# | verbeterpunt (X)  | voldoet (√)        | opgepakt                  |
# | verbeterpunt (X)  | gemengd (√ and X)  | deels opgepakt            |
# | verbeterpunt (X)  | verbeterpunt (X)   | niet opgepakt             |
# | gemengd (√ and X) | voldoet (√)        | opgepakt                  |
# | gemengd (√ and X) | gemengd (√ and X)  | niet opgepakt (no change) |
# | gemengd (√ and X) | verbeterpunt (X)   | niet opgepakt             |
# | either            | geen               | niet (opnieuw) beoordeeld |

Voortgang = Literal["opgepakt", "deels opgepakt", "niet opgepakt", "niet beoordeeld"]
VOORTGANGEN: tuple[Voortgang, ...] = ("opgepakt", "deels opgepakt", "niet opgepakt",
                                      "niet beoordeeld")
VOORTGANG: dict[tuple[Samenvatting, Samenvatting], Voortgang] = {
    ("verbeterpunt", "voldoet"): "opgepakt",
    ("verbeterpunt", "gemengd"): "deels opgepakt",
    ("verbeterpunt", "verbeterpunt"): "niet opgepakt",
    ("verbeterpunt", "geen"): "niet beoordeeld",
    ("gemengd", "voldoet"): "opgepakt",
    ("gemengd", "gemengd"): "niet opgepakt",
    ("gemengd", "verbeterpunt"): "niet opgepakt",
    ("gemengd", "geen"): "niet beoordeeld",
}
"""The progress of an earlier verbeterpunt, by (verdict then, verdict now)."""


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


def voortgang(toen: Samenvatting, nu: Samenvatting) -> Voortgang:
    """What became of an earlier verbeterpunt (`toen`: X, or √ and X), judged `nu`."""
    if (toen, nu) not in VOORTGANG:
        raise ValueError(f"`{toen}` is geen verbeterpunt: er is geen voortgang")
    return VOORTGANG[toen, nu]


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
