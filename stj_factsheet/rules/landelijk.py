"""The national picture: figures over every aanpak and gemeente, and sentences from them.

Pure functions over small rows (`AanpakRij`, one per aanpak, made while building), so the
overview never needs every gemeente in memory at once. Per indicator of a kader:

- per aanpak its verdicts in one word (`rules.samenvatting`);
- per gemeente, counted once: the verdicts of all its aanpakken together (√ in one and X
  in another makes `gemengd`);
- per follow-up round, what became of the aanpakken's earlier verbeterpunten.

Indicators are sorted by how many aanpakken have them as a verbeterpunt (X or gemengd),
most first, then by kader order, so the most common verbeterpunten stand out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.rules import verdicts as rules
from stj_factsheet.validate import rondes
from stj_factsheet.validate.project import LoadedGemeente


@dataclass(frozen=True)
class AanpakRij:
    """One aanpak in the overview: who, where its factsheet is, and its verdicts."""

    gemeente: str
    gemeente_naam: str
    aanpak: str
    aanpak_naam: str
    kader: str
    oordelen: dict[str, rules.Samenvatting]
    """Per indicator of the kader, in kader order."""
    voortgang: dict[str, dict[str, rules.Voortgang]] = field(default_factory=dict)
    """Per follow-up round: per earlier verbeterpunt, what became of it."""
    nieuw: dict[str, list[str]] = field(default_factory=dict)
    """Per follow-up round: the indicators it judged as a new verbeterpunt."""


@dataclass(frozen=True)
class GemeenteRegel:
    slug: str
    naam: str
    rondes: list[str]
    """The names of its follow-up rounds, in order."""
    fictief: bool = False


def rijen(loaded: LoadedGemeente) -> Rijen:
    """The overview rows of one loaded gemeente."""
    result = []
    for item in loaded.aanpakken:
        voortgang: dict[str, dict[str, rules.Voortgang]] = {}
        nieuw: dict[str, list[str]] = {}
        for ronde in loaded.rondes:
            voortgang[ronde.ronde.ronde], nieuw[ronde.ronde.ronde] = {}, []  # nothing open
            for vervolg in ronde.aanpakken:
                if vervolg.slug == item.slug:
                    voortgang[ronde.ronde.ronde] = rondes.voortgang(vervolg)
                    nieuw[ronde.ronde.ronde] = rondes.nieuwe_verbeterpunten(vervolg)
        result.append(AanpakRij(loaded.slug, loaded.gemeente.naam, item.slug, item.aanpak.naam,
                                loaded.kader.kader.id,
                                rules.samenvattingen(item.aanpak, loaded.kader), voortgang,
                                nieuw))
    regel = GemeenteRegel(loaded.slug, loaded.gemeente.naam,
                          [r.ronde.ronde for r in loaded.rondes], loaded.gemeente.fictief)
    return regel, result


Rijen = tuple[GemeenteRegel, list[AanpakRij]]
"""The overview rows of one gemeente."""


def rijen_data(rijen: Rijen) -> dict[str, Any]:
    """The rows as JSON data (kept in the build manifest for gemeenten not rebuilt)."""
    regel, rows = rijen
    # Shallow copies: the fields are plain str, list and dict (asdict's deep copy costs a
    # millisecond per gemeente, in every build).
    return {"gemeente": dict(vars(regel)), "aanpakken": [dict(vars(row)) for row in rows]}


def rijen_van_data(data: dict[str, Any]) -> Rijen:
    return (GemeenteRegel(**data["gemeente"]),
            [AanpakRij(**row) for row in data["aanpakken"]])


@dataclass(frozen=True)
class VoortgangCijfers:
    """One follow-up round, one indicator: what became of the aanpakken's earlier
    verbeterpunten."""

    ronde: str
    telling: rules.VoortgangTelling

    def tekst(self) -> str:
        """"2015: 1 van 2 opgepakt, 1 niet opgepakt" (parts that are 0 left out)."""
        delen = [f"{aantal} {woord}" for woord, aantal in self.telling.delen() if aantal]
        if delen:
            delen[0] = delen[0].replace(" ", f" van {self.telling.eerder} ", 1)
        if self.telling.nieuw:
            delen.append(f"{self.telling.nieuw} nieuw")
        return f"{self.ronde}: {', '.join(delen)}"


@dataclass(frozen=True)
class IndicatorCijfers:
    nummer: int
    """1 … 30 in kader order; the matrix's column headers."""
    id: str
    tekst: str
    thema: str
    aanpakken: rules.Telling
    gemeenten: rules.Telling
    voortgang: list[VoortgangCijfers]


@dataclass(frozen=True)
class ThemaKolommen:
    naam: str
    indicatoren: list[IndicatorCijfers]


@dataclass(frozen=True)
class KaderOverzicht:
    """The overview of every aanpak judged with one kader."""

    kader_id: str
    kader_versie: str
    themas: list[ThemaKolommen]
    """Kader order: the matrix's column groups."""
    gesorteerd: list[IndicatorCijfers]
    """Most common verbeterpunt among the aanpakken first."""
    gesorteerd_gemeenten: list[IndicatorCijfers]
    """Most common verbeterpunt among the gemeenten first."""
    rijen: list[AanpakRij]
    aantal_gemeenten: int
    rondes: list[str]
    zinnen: list[str]


def gemeente_oordelen(rows: list[AanpakRij]) -> dict[str, rules.Samenvatting]:
    """One gemeente's verdict per indicator over all its aanpakken."""
    result: dict[str, rules.Samenvatting] = {}
    for indicator in rows[0].oordelen:
        waarden = set().union(*(rules.uitgesplitst(row.oordelen[indicator]) for row in rows))
        result[indicator] = rules.samenvatting(waarden)
    return result


def overzicht(index: KaderIndex, rows: list[AanpakRij]) -> KaderOverzicht:
    """The figures and sentences of every aanpak in `rows` (all judged with `index`)."""
    per_gemeente: dict[str, list[AanpakRij]] = {}
    for row in rows:
        per_gemeente.setdefault(row.gemeente, []).append(row)
    gemeenten = [gemeente_oordelen(group) for group in per_gemeente.values()]
    ronde_namen = sorted({r for row in rows for r in row.voortgang})
    cijfers: list[IndicatorCijfers] = []
    for nummer, (indicator, plaats) in enumerate(index.plaatsen.items(), start=1):
        voortgang = []
        for ronde in ronde_namen:
            woorden = [row.voortgang[ronde][indicator] for row in rows
                       if indicator in row.voortgang.get(ronde, {})]
            nieuw = sum(1 for row in rows if indicator in row.nieuw.get(ronde, []))
            if woorden or nieuw:
                voortgang.append(VoortgangCijfers(ronde,
                                                  rules.VoortgangTelling.van(woorden, nieuw)))
        cijfers.append(IndicatorCijfers(
            nummer, indicator, plaats.indicator.tekst, plaats.thema.naam,
            rules.Telling.van(row.oordelen[indicator] for row in rows),
            rules.Telling.van(g[indicator] for g in gemeenten), voortgang))
    gesorteerd = sorted(cijfers, key=lambda c: (-c.aanpakken.met_verbeterpunt,
                                                -c.aanpakken.verbeterpunt, c.nummer))
    per_gemeente_gesorteerd = sorted(cijfers, key=lambda c: (-c.gemeenten.met_verbeterpunt,
                                                             -c.gemeenten.verbeterpunt,
                                                             c.nummer))
    themas = [ThemaKolommen(thema.naam, [c for c in cijfers if c.thema == thema.naam])
              for thema in index.kader.themas]
    return KaderOverzicht(index.kader.id, index.kader.versie, themas, gesorteerd,
                          per_gemeente_gesorteerd, rows,
                          len(per_gemeente), ronde_namen,
                          zinnen(gesorteerd, index, len(rows), len(per_gemeente)))


def deel(n: int, totaal: int, enkelvoud: str, meervoud: str, noot: str = "") -> str:
    """"2 van de 3 aanpakken (67%)", "alle 3 aanpakken", "beide gemeenten", "de aanpak";
    `noot` is added inside the parentheses (or gets its own)."""
    if totaal == 1:
        woorden = f"de {enkelvoud}"
    elif n == totaal:
        woorden = f"beide {meervoud}" if totaal == 2 else f"alle {totaal} {meervoud}"
    else:
        aandeel = rules.procent(n, totaal) + (f"; {noot}" if noot else "")
        return f"{n} van de {totaal} {meervoud} ({aandeel})"
    return f"{woorden} ({noot})" if noot else woorden


def zinnen(gesorteerd: list[IndicatorCijfers], index: KaderIndex, aanpakken: int,
           gemeenten: int) -> list[str]:
    """Sentences in the style of the national report, most common verbeterpunt first."""
    if not aanpakken:
        return []
    alles_goed = sum(1 for c in gesorteerd if c.aanpakken.voldoet == aanpakken)
    bij = deel(aanpakken, aanpakken, "aanpak", "aanpakken")
    if alles_goed == 0:
        result = [f"Geen van de {len(gesorteerd)} indicatoren voldoet bij {bij}."]
    else:
        werkwoord = "voldoet" if alles_goed == 1 else "voldoen"
        result = [f"Van de {len(gesorteerd)} indicatoren {werkwoord} er {alles_goed} bij {bij}."]
    for c in gesorteerd:
        if not c.aanpakken.met_verbeterpunt:
            continue
        ontkenning = index.plaatsen[c.id].indicator.ontkenning
        wat = ontkenning or f"is ‘{c.tekst}’ een verbeterpunt"
        deels = ("" if not c.aanpakken.gemengd else "voor een deel"
                 if c.aanpakken.gemengd == c.aanpakken.met_verbeterpunt
                 else f"bij {c.aanpakken.gemengd} daarvan voor een deel")
        zin = (f"Bij {deel(c.aanpakken.met_verbeterpunt, aanpakken, 'aanpak', 'aanpakken', deels)}"
               f" {wat}")
        if gemeenten > 1:
            zin += (f"; dat betreft "
                    f"{deel(c.gemeenten.met_verbeterpunt, gemeenten, 'gemeente', 'gemeenten')}")
        result.append(zin + ".")
    return result
