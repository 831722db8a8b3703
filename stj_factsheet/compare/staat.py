"""What the publication shows of one gemeente, as data `stj diff` can compare.

A `GemeenteStaat` holds what a citizen reads in a gemeente's factsheets: the facts of
the gemeente, per aanpak the verdict of every indicator, the findings tables row by row,
the conclusion per theme as shown (hand-written, or derived by `rules.derive` where none
is written), the counts per theme; per follow-up round the verdicts now, the progress and
its counts. It is made from the loaded models and the rules, never from rendered files.

Texts compare by what they show (`Tekst`): a re-wrapped paragraph is the same text. So
two states are equal exactly when the publication is, and everything that differs is a
change a reviewer should read.

Loading is lenient (`laad`): a gemeente with errors is taken as far as it loads (a VAN
with errors is compared that way); `snel` reads files without positions or text checks,
for gemeenten that are the same on both sides and only count in the national figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from stj_factsheet import rules
from stj_factsheet.errors import InvalidData, Problem
from stj_factsheet.load import layout, source
from stj_factsheet.load.layout import GEMEENTE_FILE, MUNICIPALITIES
from stj_factsheet.load.source import Document
from stj_factsheet.model.domain import Aanpak, Bevinding, Gemeente, Vervolgbevinding
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.model.markdown_parse import parse
from stj_factsheet.model.richtext import Block, ListBlock, Paragraph, Quote, Run
from stj_factsheet.model.typed import to_model
from stj_factsheet.rules import landelijk
from stj_factsheet.validate import rondes
from stj_factsheet.validate.project import LoadedAanpak, LoadedGemeente, Project
from stj_factsheet.view.overzicht import rijen as overzicht_rijen

M = TypeVar("M", bound=BaseModel)
_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, eq=False)
class Tekst:
    """A text from YAML; equal to another when both show the same (soft line breaks
    count as spaces, as on the page)."""

    bron: str

    @cached_property
    def vorm(self) -> object:
        parsed = parse(self.bron)
        if parsed.unsupported:  # a text `stj check` refuses: compare its words
            return " ".join(self.bron.split())
        return _zonder_zachte_breuken(parsed.blocks)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tekst) and (self.bron == other.bron
                                             or self.vorm == other.vorm)

    def __hash__(self) -> int:
        return hash(self.vorm)


def _zonder_zachte_breuken(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    def block(item: Block) -> Block:
        if isinstance(item, Paragraph):
            return Paragraph(tuple(replace(p, text=p.text.replace("\n", " "))
                                   if isinstance(p, Run) else p for p in item.parts))
        if isinstance(item, Quote):
            return Quote(_zonder_zachte_breuken(item.blocks))
        assert isinstance(item, ListBlock)
        return replace(item, items=tuple(_zonder_zachte_breuken(i) for i in item.items))

    return tuple(block(b) for b in blocks)


def tekst(value: str | None) -> Tekst | None:
    return None if value is None else Tekst(value)


@dataclass(frozen=True)
class Rij:
    """One row of a findings table: its indicators (kader order), verdicts, texts."""

    indicatoren: tuple[str, ...]
    oordelen: tuple[tuple[str, tuple[str, ...]], ...]
    """Each verdict with the indicators it names (none: the whole row)."""
    teksten: tuple[Tekst, ...]
    let_op: Tekst | None
    nieuw: bool = False
    """In a follow-up round: judged anew (`nieuw: true`)."""


@dataclass(frozen=True)
class GetoondPunt:
    tekst: Tekst
    indicatoren: tuple[str, ...]
    bron: rules.Bron
    optioneel: bool


@dataclass(frozen=True)
class ConclusieStaat:
    afgeleid: bool
    goed: tuple[GetoondPunt, ...]
    beter: tuple[GetoondPunt, ...]


@dataclass(frozen=True)
class AanpakStaat:
    naam: str
    gegevens: dict[str, str]
    beschrijving: Tekst
    oordelen: dict[str, rules.Samenvatting]
    """Per indicator of the kader, in kader order."""
    rijen: dict[str, Rij]
    """The findings table, by the row's first indicator."""
    conclusies: dict[str, ConclusieStaat]
    tellingen: dict[str, rules.Telling]
    """Per theme id: the summary chart."""


@dataclass(frozen=True)
class VervolgStaat:
    """One aanpak in a follow-up round."""

    naam: str
    toelichting: Tekst | None
    nu: dict[str, rules.Samenvatting]
    voortgang: dict[str, rules.Voortgang]
    nieuw: tuple[str, ...]
    telling: rules.VoortgangTelling
    rijen: dict[str, Rij]


@dataclass(frozen=True)
class RondeStaat:
    gegevens: dict[str, str]
    aanpakken: dict[str, VervolgStaat]


@dataclass(frozen=True)
class GemeenteStaat:
    slug: str
    naam: str
    gegevens: dict[str, str]
    context: Tekst
    aanpakken: dict[str, AanpakStaat]
    """In the order of the factsheet."""
    rondes: dict[str, RondeStaat]
    kader: KaderIndex = field(compare=False)
    rijen: landelijk.Rijen = field(compare=False)
    """The national figures' rows of this gemeente."""


# --- from the models ----------------------------------------------------------------------


def staat(loaded: LoadedGemeente) -> GemeenteStaat:
    """The state of a loaded (or partly loaded) gemeente."""
    gemeente, index = loaded.gemeente, loaded.kader
    gegevens = {
        "naam": gemeente.naam,
        "publicatie": gemeente.publicatie,
        "inwoners": str(gemeente.inwoners),
        "huishoudens met kind": str(gemeente.huishoudens_met_kind.aantal),
        "peildatum huishoudens": gemeente.huishoudens_met_kind.peildatum,
        "toetsingskader": f"{index.kader.id} {index.kader.versie}",
        "fictief": "ja" if gemeente.fictief else "nee",
    }
    return GemeenteStaat(
        loaded.slug, gemeente.naam, gegevens, Tekst(gemeente.context),
        {item.slug: _aanpak(item.aanpak, index, gemeente.naam) for item in loaded.aanpakken},
        {ronde.ronde.ronde: _ronde(ronde) for ronde in loaded.rondes},
        index, overzicht_rijen(loaded))


def _aanpak(aanpak: Aanpak, index: KaderIndex, gemeente: str) -> AanpakStaat:
    oordelen = rules.samenvattingen(aanpak, index)
    afgeleid = rules.derive(oordelen, index, gemeente)
    conclusies = {}
    for thema in index.kader.themas:
        written = aanpak.conclusies.get(thema.id)
        if written is None:
            conclusies[thema.id] = ConclusieStaat(True, _punten(afgeleid[thema.id].goed),
                                                  _punten(afgeleid[thema.id].beter))
        else:
            conclusies[thema.id] = ConclusieStaat(False, *(tuple(
                GetoondPunt(Tekst(p.tekst), tuple(p.indicatoren), "handmatig", False)
                for p in kolom) for kolom in (written.goed, written.beter)))
    tellingen = {thema.id: rules.Telling.van(oordelen[i.id] for c in thema.criteria
                                             for i in c.indicatoren)
                 for thema in index.kader.themas}
    gegevens = {"naam": aanpak.naam, "aantal gezinnen": str(aanpak.aantal_gezinnen),
                "netwerkpartners": "; ".join(aanpak.netwerkpartners)}
    return AanpakStaat(aanpak.naam, gegevens, Tekst(aanpak.beschrijving), oordelen,
                       _rijen(aanpak.bevindingen, index), conclusies, tellingen)


def _punten(punten: list[rules.Punt]) -> tuple[GetoondPunt, ...]:
    return tuple(GetoondPunt(Tekst(p.tekst), tuple(p.indicatoren), p.bron, p.optioneel)
                 for p in punten)


def _rijen(bevindingen: Sequence[Bevinding], index: KaderIndex) -> dict[str, Rij]:
    """The rows of a findings table in kader order, by their first indicator (ids the
    kader lacks, in a file with errors, are left out)."""
    plaatsen = index.plaatsen

    def volgorde(ids: list[str]) -> tuple[str, ...]:
        return tuple(sorted((i for i in ids if i in plaatsen),
                            key=lambda i: plaatsen[i].volgnummer))

    rijen: dict[str, Rij] = {}
    for bevinding in bevindingen:
        ids = volgorde(bevinding.indicatoren)
        if not ids:
            continue
        rijen[ids[0]] = Rij(
            ids, tuple((o.oordeel, volgorde(o.indicatoren)) for o in bevinding.alle_oordelen),
            tuple(Tekst(t) for t in [bevinding.tekst, *(o.tekst for o in
                                                        bevinding.alle_oordelen)] if t),
            tekst(bevinding.let_op),
            isinstance(bevinding, Vervolgbevinding) and bevinding.nieuw)
    return dict(sorted(rijen.items(), key=lambda item: plaatsen[item[0]].volgnummer))


def _ronde(ronde: rondes.LoadedRonde) -> RondeStaat:
    gegevens = {"publicatie": ronde.ronde.publicatie,
                "toetsingskader": f"{ronde.kader.kader.id} {ronde.kader.kader.versie}",
                "volgt op": ronde.vorige}
    aanpakken = {}
    for item in ronde.aanpakken:
        voortgang = item.voortgang()
        nieuw = item.nieuwe_verbeterpunten()
        aanpakken[item.slug] = VervolgStaat(
            item.naam, tekst(item.vervolg.toelichting), rules.beoordeeld(item.vervolg.bevindingen),
            voortgang, tuple(nieuw), rules.VoortgangTelling.van(voortgang.values(), len(nieuw)),
            _rijen(item.vervolg.bevindingen, ronde.kader))
    return RondeStaat(gegevens, aanpakken)


# --- loading ------------------------------------------------------------------------------


def laad(project: Project, slug: str) -> tuple[GemeenteStaat | None, list[Problem]]:
    """A gemeente checked as `stj check` checks it, with every problem found; with
    errors, its state as far as it loads (None when not even gemeente.yaml does)."""
    loaded, problems = project.load(slug)
    if loaded is None:
        loaded = gedeeltelijk(project, slug)
    return (staat(loaded) if loaded else None), problems


def snelle_rijen(project: Project, slug: str) -> landelijk.Rijen | None:
    """The national figures' rows of a gemeente that is the same on both sides, read
    quickly (no positions, no checks beyond the models); None when it does not load."""
    loaded = gedeeltelijk(project, slug, snel=True)
    return overzicht_rijen(loaded) if loaded else None


def gedeeltelijk(project: Project, slug: str, *, snel: bool = False) -> LoadedGemeente | None:
    """The gemeente with every aanpak and round that loads, the others left out."""
    folder = project.root / MUNICIPALITIES / slug
    rel = f"{MUNICIPALITIES}/{slug}"
    document = _document(folder / GEMEENTE_FILE, f"{rel}/{GEMEENTE_FILE}", snel)
    gemeente = _model(Gemeente, document, snel) if document else None
    if document is None or gemeente is None or layout.find(project.root,
                                                           gemeente.kader) is None:
        return None
    index = project.kader(gemeente.kader)
    if isinstance(index, InvalidData):
        return None
    aanpakken = []
    for aanpak_slug in dict.fromkeys(gemeente.aanpakken):
        doc = _document(folder / f"{aanpak_slug}.yaml", f"{rel}/{aanpak_slug}.yaml", snel)
        aanpak = _model(Aanpak, doc, snel) if doc else None
        if doc is not None and aanpak is not None:
            aanpakken.append(LoadedAanpak(aanpak_slug, aanpak, doc))
    vervolg, _ = rondes.load(project, folder, rel, gemeente, document, aanpakken, index)
    return LoadedGemeente(slug, gemeente, document, index, aanpakken, vervolg)


def _document(file: Path, display: str, snel: bool) -> Document | None:
    try:
        if snel:
            return Document(display, yaml.load(file.read_bytes(), Loader=_Loader))
        return source.load(file, display)
    except (InvalidData, OSError, yaml.YAMLError, UnicodeDecodeError):
        return None


def _model(model: type[M], document: Document, snel: bool) -> M | None:
    try:
        return model.model_validate(document.data) if snel else to_model(model, document)
    except (InvalidData, ValidationError):
        return None
