"""The view model: everything a factsheet template shows, prepared and in order.

Templates receive a `FactsheetView` and only loop and print; ordering, grouping, row spans
and the wording of verdicts are decided here. Text values are still Markdown source: each
output format turns them into its own markup with the filters of `render`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stj_factsheet import rules
from stj_factsheet.model.domain import Aanpak, Bevinding, Gemeente, OordeelWaarde
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.model.richtext import Markdown
from stj_factsheet.validate.geladen import LoadedGemeente
from stj_factsheet.view import teksten

FICTIEF = ("Fictieve gegevens: dit is een voorbeeld, geen bevindingen van Samenwerkend "
           "Toezicht Jeugd.")
"""Shown on every page made from a gemeente marked `fictief: true`."""
FICTIEF_MERK = "fictief"
"""Beside the name of a made-up gemeente in an overview of real and made-up ones."""
FICTIEF_DEELS = (f"Fictieve gegevens bij de gemeenten met ‘({FICTIEF_MERK})’ achter hun naam: "
                 "dat zijn voorbeelden, geen bevindingen van Samenwerkend Toezicht Jeugd. Ze "
                 "tellen mee in de cijfers.")
"""Shown on an overview of real and made-up gemeenten (all made up: `FICTIEF`)."""

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")

SYMBOOL: dict[OordeelWaarde, str] = {"voldoet": "√", "verbeterpunt": "X", "geen": "–"}
WOORD: dict[OordeelWaarde, str] = {"voldoet": "voldoet", "verbeterpunt": "verbeterpunt",
                                   "geen": "geen oordeel"}
ZICHTBAAR: tuple[OordeelWaarde, ...] = ("voldoet", "verbeterpunt")
"""The verdicts that show as a mark, in the order they are shown."""


@dataclass(frozen=True)
class OordeelView:
    waarde: OordeelWaarde
    symbool: str
    woord: str


def oordeel_views(waarden: Iterable[OordeelWaarde]) -> list[OordeelView]:
    """What one indicator shows: √, X, or both (√ first). `geen`, or no verdict at all,
    shows as "geen oordeel"; beside a √ or X a `geen` says nothing."""
    given = set(waarden)
    shown = [w for w in ZICHTBAAR if w in given] or ["geen"]
    return [OordeelView(w, SYMBOOL[w], WOORD[w]) for w in shown]


class Ankers:
    """The ids of one page: a wish already taken gets `-2`, `-3`, … in the order asked, so
    ids are unique and the same data always gives the same ids."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def anker(self, wens: str) -> str:
        kandidaat, n = wens, 1
        while kandidaat in self._taken:
            n += 1
            kandidaat = f"{wens}-{n}"
        self._taken.add(kandidaat)
        return kandidaat


@dataclass(frozen=True)
class IndicatorView:
    id: str
    tekst: str


@dataclass(frozen=True)
class BeoordeeldeIndicator:
    """One indicator of a finding with its own verdicts: one line of a findings table."""

    anker: str
    """The id of its line, unique on the page (`Ankers`)."""
    id: str
    tekst: str
    oordelen: list[OordeelView]
    """√, X, both (√ first), or "geen oordeel" when the finding does not judge it."""


@dataclass(frozen=True)
class BevindingView:
    """One finding of a findings table: a line per indicator, each with its own verdicts,
    and the finding's texts beside them all; the criterium cell where a criterium starts."""

    criterium: str | None
    """The criterium's name on the first finding of that criterium, else None."""
    criterium_rijen: int
    """How many lines (indicators) the criterium's findings have together."""
    indicatoren: list[BeoordeeldeIndicator]
    teksten: list[Markdown]
    let_op: Markdown | None


@dataclass(frozen=True)
class CriteriumView:
    id: str
    naam: str
    bevindingen: list[BevindingView]


@dataclass(frozen=True)
class IndicatorOordeel:
    """An indicator with its verdicts in one word (for open data and summaries)."""

    id: str
    titel: str
    criterium: str
    oordeel: rules.Samenvatting


@dataclass(frozen=True)
class ThemaView:
    id: str
    naam: str
    criteria: list[CriteriumView]
    indicatoren: list[IndicatorOordeel]

    @property
    def telling(self) -> rules.Telling:
        """How many of its indicators got which verdict, for the summary chart."""
        return rules.Telling.van(i.oordeel for i in self.indicatoren)


@dataclass(frozen=True)
class ConclusieView:
    thema_id: str
    thema: str
    goed: list[rules.Punt]
    beter: list[rules.Punt]
    afgeleid: bool
    """True when the rules wrote this conclusion, not STJ."""

    @property
    def noot(self) -> teksten.Noot | None:
        """The note above a derived conclusion (`teksten.afgeleid`), else None."""
        if not self.afgeleid:
            return None
        return teksten.afgeleid(any(p.optioneel for p in self.goed + self.beter))


@dataclass(frozen=True)
class ThemaRegel:
    """A line of the list of themes above the tables: "Toeleiding: gezinnen zijn …"."""

    label: str
    omschrijving: str


@dataclass(frozen=True)
class AanpakView:
    anker: str
    naam: str
    vragenlijst: Markdown
    netwerkpartners: list[str]
    netwerkpartners_toelichting: Markdown
    beschrijving: Markdown
    aantal_gezinnen: int
    bevindingen_inleiding: Markdown
    themas_lijst: list[ThemaRegel]
    bevindingen_toelichting: Markdown
    themas: list[ThemaView]
    conclusie_inleiding: Markdown
    conclusies: list[ConclusieView]


@dataclass(frozen=True)
class BegripView:
    term: str
    uitleg: str


@dataclass(frozen=True)
class FactsheetView:
    slug: str
    titel: str
    gemeente: str
    ondertitel: str
    maand: str
    """The publication month for a title: "Oktober 2013"."""
    maand_in_zin: str
    """The same mid-sentence: "oktober 2013"."""
    publicatie: str
    """The same as "2013-10" (the PDF's document date)."""
    uitgever: str
    definitie: Markdown
    begrippen: list[BegripView]
    inwoners: int
    huishoudens_met_kind: int
    cbs_peildatum: str
    context: Markdown
    inleiding: Markdown
    aanpakken: list[AanpakView]
    kader_id: str
    kader_versie: str
    gegenereerd: str | None
    herkomst: str | None
    """The git commit of the data, when built from a checkout."""
    fictief: str | None = None
    """The notice for made-up data (`FICTIEF`), or None for real findings."""

    @property
    def herkomst_zin(self) -> str:
        return teksten.herkomst(self.herkomst, self.gegenereerd)

    @property
    def colofon(self) -> str:
        return teksten.colofon(self.titel, self.uitgever, self.maand_in_zin, self.kader_id,
                               self.kader_versie, self.herkomst_zin)


def maand(yyyy_mm: str, *, hoofdletter: bool = False) -> str:
    """"2013-10" → "oktober 2013" (or "Oktober 2013")."""
    year, month = yyyy_mm.split("-")
    name = MAANDEN[int(month) - 1]
    return f"{name.capitalize() if hoofdletter else name} {year}"


def fill(text: str, gemeente: str, aanpak: str = "") -> str:
    """Put the names into a standard text; only the two known placeholders are replaced."""
    return text.replace("{gemeente}", gemeente).replace("{aanpak}", aanpak)


def factsheet(loaded: LoadedGemeente, gegenereerd: str | None = None,
              afgeleid: bool = False, herkomst: str | None = None) -> FactsheetView:
    """The view of one factsheet; with `afgeleid`, every conclusion is the derived one."""
    gemeente, kader = loaded.gemeente, loaded.kader.kader
    ankers = Ankers()
    return FactsheetView(
        slug=loaded.slug,
        titel=fill(kader.titel, gemeente.naam),
        gemeente=gemeente.naam,
        ondertitel=kader.ondertitel,
        maand=maand(gemeente.publicatie, hoofdletter=True),
        maand_in_zin=maand(gemeente.publicatie),
        publicatie=gemeente.publicatie,
        uitgever=kader.uitgever,
        definitie=kader.definitie.tekst,
        begrippen=[BegripView(b.term, b.uitleg) for b in kader.definitie.begrippen],
        inwoners=gemeente.inwoners,
        huishoudens_met_kind=gemeente.huishoudens_met_kind.aantal,
        cbs_peildatum=maand(gemeente.huishoudens_met_kind.peildatum),
        context=gemeente.context,
        inleiding=fill(kader.teksten.inleiding, gemeente.naam),
        aanpakken=[_aanpak(item.slug, item.aanpak, gemeente, loaded.kader, afgeleid, ankers)
                   for item in loaded.aanpakken],
        kader_id=kader.id,
        kader_versie=kader.versie,
        gegenereerd=gegenereerd,
        herkomst=herkomst,
        fictief=FICTIEF if gemeente.fictief else None,
    )


def _aanpak(slug: str, aanpak: Aanpak, gemeente: Gemeente, index: KaderIndex,
            afgeleid: bool, ankers: Ankers) -> AanpakView:
    teksten = index.kader.teksten
    oordelen = rules.samenvattingen(aanpak, index)
    return AanpakView(
        anker=slug,
        naam=aanpak.naam,
        vragenlijst=fill(teksten.vragenlijst, gemeente.naam, aanpak.naam),
        netwerkpartners=list(aanpak.netwerkpartners),
        netwerkpartners_toelichting=fill(teksten.netwerkpartners, gemeente.naam, aanpak.naam),
        beschrijving=aanpak.beschrijving,
        aantal_gezinnen=aanpak.aantal_gezinnen,
        bevindingen_inleiding=fill(teksten.bevindingen_inleiding, gemeente.naam, aanpak.naam),
        themas_lijst=[ThemaRegel(t.label, t.omschrijving) for t in index.kader.themas],
        bevindingen_toelichting=fill(teksten.bevindingen_toelichting, gemeente.naam,
                                     aanpak.naam),
        themas=_tables(slug, aanpak, index, oordelen, ankers),
        conclusie_inleiding=fill(teksten.conclusie_inleiding, gemeente.naam, aanpak.naam),
        conclusies=_conclusies(aanpak, index, oordelen, gemeente.naam, afgeleid),
    )


def _conclusies(aanpak: Aanpak, index: KaderIndex, oordelen: dict[str, rules.Samenvatting],
                gemeente: str, afgeleid: bool) -> list[ConclusieView]:
    """Per theme the hand-written conclusion, or the derived one where there is none (or
    everywhere, with `afgeleid`)."""
    derived = rules.derive(oordelen, index, gemeente)
    result = []
    for thema in index.kader.themas:
        written = None if afgeleid else aanpak.conclusies.get(thema.id)
        if written is None:
            result.append(ConclusieView(thema.id, thema.naam, derived[thema.id].goed,
                                        derived[thema.id].beter, afgeleid=True))
            continue
        result.append(ConclusieView(
            thema.id, thema.naam,
            [rules.Punt(p.tekst, list(p.indicatoren), "handmatig") for p in written.goed],
            [rules.Punt(p.tekst, list(p.indicatoren), "handmatig") for p in written.beter],
            afgeleid=False))
    return result


def _tables(slug: str, aanpak: Aanpak, index: KaderIndex,
            oordelen: dict[str, rules.Samenvatting], ankers: Ankers) -> list[ThemaView]:
    """The findings, in kader order, grouped by thema and criterium."""
    plaatsen = index.plaatsen

    def first(bevinding: Bevinding) -> int:
        return min(plaatsen[i].volgnummer for i in bevinding.indicatoren)

    per_criterium: dict[str, list[Bevinding]] = {}
    for bevinding in sorted(aanpak.bevindingen, key=first):
        per_criterium.setdefault(plaatsen[bevinding.indicatoren[0]].criterium.id,
                                 []).append(bevinding)
    themas = []
    for thema in index.kader.themas:
        criteria = []
        for criterium in thema.criteria:
            rows = per_criterium.get(criterium.id, [])
            lines = sum(len(bevinding.indicatoren) for bevinding in rows)
            criteria.append(CriteriumView(criterium.id, criterium.naam, [
                _row(slug, bevinding, criterium.naam if n == 0 else None, lines, index, ankers)
                for n, bevinding in enumerate(rows)]))
        themas.append(ThemaView(
            thema.id, thema.naam, [c for c in criteria if c.bevindingen],
            [IndicatorOordeel(i.id, i.tekst, c.naam, oordelen[i.id])
             for c in thema.criteria for i in c.indicatoren]))
    return themas


def _row(slug: str, bevinding: Bevinding, criterium: str | None, lines: int,
         index: KaderIndex, ankers: Ankers) -> BevindingView:
    plaatsen = index.plaatsen
    ids = sorted(bevinding.indicatoren, key=lambda i: plaatsen[i].volgnummer)
    given = rules.oordelen_per_indicator([bevinding])
    return BevindingView(
        criterium=criterium,
        criterium_rijen=lines,
        indicatoren=[BeoordeeldeIndicator(ankers.anker(f"{slug}-{i.replace('.', '-')}"), i,
                                          plaatsen[i].indicator.tekst,
                                          oordeel_views(w for w, _ in given.get(i, ())))
                     for i in ids],
        teksten=[t for t in [bevinding.tekst, *(o.tekst for o in bevinding.alle_oordelen)]
                 if t],
        let_op=bevinding.let_op,
    )
