"""The checked project as data: a gemeente with its aanpakken and follow-up rounds, each
with the document it came from (for locating later checks). `project` and `rondes` make
them; every later stage reads them."""

from __future__ import annotations

from dataclasses import dataclass, field

from stj_factsheet import rules
from stj_factsheet.load.source import Document
from stj_factsheet.model.domain import Aanpak, Bevinding, Gemeente, Vervolgaanpak, Vervolgronde
from stj_factsheet.model.kader import KaderIndex


@dataclass(frozen=True)
class LoadedVervolg:
    """One aanpak in a follow-up round, with what it had to answer."""

    slug: str
    naam: str
    vervolg: Vervolgaanpak
    document: Document
    stand_voor: dict[str, rules.Samenvatting]
    """Every indicator's verdict after the previous round (kader order)."""
    eerder: dict[str, Bevinding]
    """Per indicator the finding that gave its verdict before this round."""

    def voortgang(self) -> dict[str, rules.Voortgang]:
        """What became of each verbeterpunt open before this round (`rules.voortgang`)."""
        return rules.voortgang_per_indicator(self.stand_voor, self.vervolg.bevindingen)

    def nieuwe_verbeterpunten(self) -> list[str]:
        """The indicators this round judges as a new verbeterpunt."""
        return rules.nieuwe_verbeterpunten(self.vervolg.bevindingen)


@dataclass(frozen=True)
class LoadedRonde:
    ronde: Vervolgronde
    vorige: str
    """The name of the round this one follows up (e.g. `2013`)."""
    kader: KaderIndex
    aanpakken: list[LoadedVervolg]
    """The aanpakken with a file in this round (those with open verbeterpunten, at least)."""
    vorige_is_eerste: bool = True


@dataclass(frozen=True)
class LoadedAanpak:
    slug: str
    aanpak: Aanpak
    document: Document


@dataclass(frozen=True)
class LoadedGemeente:
    slug: str
    gemeente: Gemeente
    document: Document
    kader: KaderIndex
    aanpakken: list[LoadedAanpak]
    rondes: list[LoadedRonde] = field(default_factory=list)
    """The follow-up rounds, in order (see `rondes`)."""
