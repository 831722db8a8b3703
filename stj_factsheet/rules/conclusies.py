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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from stj_factsheet.model.domain import Conclusiezin, ZinOordeel
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.model.richtext import Markdown
from stj_factsheet.rules.oordelen import Samenvatting

Bron = Literal["handmatig", "afgeleid"]


@dataclass(frozen=True)
class Punt:
    tekst: Markdown
    indicatoren: list[str]
    bron: Bron
    optioneel: bool = False
    """A derived point that carries no risk the kader names: the draft shows it last."""


@dataclass(frozen=True)
class Conclusie:
    goed: list[Punt] = field(default_factory=list)
    beter: list[Punt] = field(default_factory=list)


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
