"""What a reader sees of one gemeente on one side of `stj diff`: its pages' views.

The state of a gemeente is the view of its factsheet and of each follow-up round's: the
same typed views every format renders (`view.factsheet`, `view.vervolg`), made from that
side's data and that side's kaders, without provenance (the data version differs on every
change and is no finding). So a change that reaches a page from anywhere in the data root
(the gemeente's YAML, a kader of `frameworks/`) is a difference between the views, and a
change that reaches no page (a comment, a re-wrapped paragraph) is none.

A part that exists on a side but does not load there (an aanpak file with errors, a
round's aanpak, or the gemeente itself when `gemeente.yaml` or its kader does not load) is
kept as its errors, never left out: `vergelijk` calls it not comparable instead of new or
removed, and the gemeente does not count in the national figures on either side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from stj_factsheet.errors import InvalidData, Problem, Severity
from stj_factsheet.load import layout, source, yamlnodes
from stj_factsheet.load.layout import GEMEENTE_FILE, MUNICIPALITIES
from stj_factsheet.load.source import Document
from stj_factsheet.model.domain import Aanpak, Gemeente
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.model.typed import to_model
from stj_factsheet.rules import landelijk
from stj_factsheet.validate import rondes
from stj_factsheet.validate.geladen import LoadedAanpak, LoadedGemeente
from stj_factsheet.validate.project import Project
from stj_factsheet.view import factsheet, vervolg
from stj_factsheet.view.factsheet import FactsheetView
from stj_factsheet.view.overzicht import rijen as overzicht_rijen
from stj_factsheet.view.vervolg import VervolgView

M = TypeVar("M", bound=BaseModel)
_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
GEMEENTE = ""
"""The key of the gemeente itself in `GemeenteStaat.fouten`."""


def deel(ronde: str | None, aanpak: str | None = None) -> str:
    """The key of a part in `GemeenteStaat.fouten`: an aanpak (`aanpak`), a round
    (`2015/`) or an aanpak in a round (`2015/aanpak`)."""
    return f"{ronde}/{aanpak or ''}" if ronde else aanpak or GEMEENTE


@dataclass(frozen=True)
class GemeenteStaat:
    slug: str
    naam: str
    pagina: FactsheetView | None
    """The factsheet's view; None when the gemeente itself does not load."""
    rondes: dict[str, VervolgView] = field(default_factory=dict)
    fouten: dict[str, list[Problem]] = field(default_factory=dict)
    """The errors of each part that does not load (`deel`), the others compare."""
    rijen: landelijk.Rijen | None = None
    """Its rows in the national figures; None when a part does not load."""
    kader: KaderIndex | None = None

    @property
    def vergelijkbaar(self) -> bool:
        return self.pagina is not None


def staat(loaded: LoadedGemeente, fouten: dict[str, list[Problem]] | None = None,
          ) -> GemeenteStaat:
    """The state of a loaded gemeente (with the parts in `fouten` left out of it)."""
    rondes_ = {r.ronde.ronde: vervolg.factsheet(loaded, r) for r in loaded.rondes}
    return GemeenteStaat(loaded.slug, loaded.gemeente.naam, factsheet.factsheet(loaded),
                         rondes_, fouten or {}, None if fouten else overzicht_rijen(loaded),
                         loaded.kader)


def laad(project: Project, slug: str) -> tuple[GemeenteStaat, list[Problem]]:
    """A gemeente checked as `stj check` checks it, with every problem found, and its
    state: whole, or without the parts that have errors."""
    loaded, problems = project.load(slug)
    if loaded is not None:
        return staat(loaded), problems
    errors = [p for p in problems if p.severity is Severity.ERROR]
    rel = f"{MUNICIPALITIES}/{slug}"
    fouten = _per_deel(errors, rel)
    partial = None if GEMEENTE in fouten else gedeeltelijk(
        project, slug, zonder={p.path for p in errors})
    if partial is None:
        naam = _naam(project.root / MUNICIPALITIES / slug / GEMEENTE_FILE) or slug
        return GemeenteStaat(slug, naam, None, {}, {GEMEENTE: errors}), problems
    kapot = [key for key in fouten if key != GEMEENTE and "/" not in key]
    for ronde in partial.gemeente.vervolg:  # a round's aanpak follows up what did not load
        for slug in kapot:
            fouten.setdefault(deel(ronde.ronde, slug), []).extend(fouten[slug])
    return staat(partial, fouten), problems


def _per_deel(errors: list[Problem], rel: str) -> dict[str, list[Problem]]:
    """The errors by the part they make unreadable: an aanpak file, a round's aanpak file,
    a round (another file in its folder), or the gemeente (gemeente.yaml, a kader)."""
    fouten: dict[str, list[Problem]] = {}
    for problem in errors:
        parts = problem.path.removeprefix(f"{rel}/").split("/")
        if not problem.path.startswith(f"{rel}/") or parts == [GEMEENTE_FILE]:
            key = GEMEENTE
        elif len(parts) == 1:
            key = deel(None, Path(parts[0]).stem)
        else:
            key = deel(parts[0], Path(parts[1]).stem if parts[1].endswith(".yaml") else None)
        fouten.setdefault(key, []).append(problem)
    if any(key.endswith("/") for key in fouten):  # a round's stray file: the whole round
        for key in [k for k in fouten if "/" in k and not k.endswith("/")]:
            fouten.setdefault(key.split("/")[0] + "/", []).extend(fouten.pop(key))
    return fouten


def _naam(file: Path) -> str | None:
    """The gemeente's name from a gemeente.yaml that does not load, if it has one."""
    try:
        data = yaml.load(file.read_bytes(), Loader=_Loader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError):
        return None
    naam = data.get("naam") if isinstance(data, dict) else None
    return naam if isinstance(naam, str) else None


def snelle_rijen(project: Project, slug: str) -> landelijk.Rijen | None:
    """The national figures' rows of a gemeente that is the same on both sides, read
    quickly (no positions, no checks beyond the models); None when it does not load."""
    loaded = gedeeltelijk(project, slug, snel=True)
    return overzicht_rijen(loaded) if loaded else None


def gedeeltelijk(project: Project, slug: str, *, snel: bool = False,
                 zonder: set[str] | frozenset[str] = frozenset()) -> LoadedGemeente | None:
    """The gemeente with every aanpak and round that loads, those in files `zonder` (shown
    paths) left out."""
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
        shown = f"{rel}/{aanpak_slug}.yaml"
        doc = None if shown in zonder else _document(folder / f"{aanpak_slug}.yaml", shown,
                                                     snel)
        aanpak = _model(Aanpak, doc, snel) if doc else None
        if doc is not None and aanpak is not None:
            aanpakken.append(LoadedAanpak(aanpak_slug, aanpak, doc))
    vervolg_, _ = rondes.load(project, folder, rel, gemeente, document, aanpakken, index)
    return LoadedGemeente(slug, gemeente, document, index, aanpakken, vervolg_)


def _document(file: Path, display: str, snel: bool) -> Document | None:
    try:
        if snel:
            return _quick(file.read_bytes(), display)
        return source.load(file, display)
    except (InvalidData, OSError, yaml.YAMLError, UnicodeDecodeError):
        return None


def _quick(raw: bytes, display: str) -> Document:
    """The data of a file without positions' use or checks: from libyaml's node tree
    (`yamlnodes`, about half the cost of `yaml.load`) when it holds nothing unusual, else
    as `yaml.load` reads it; the same data either way."""
    try:
        document = yamlnodes.read(raw.decode("utf-8-sig"), display)
    except UnicodeDecodeError:
        document = None
    if document is None:
        document = Document(display, yaml.load(raw, Loader=_Loader))
    return document


def _model(model: type[M], document: Document, snel: bool) -> M | None:
    try:
        return model.model_validate(document.data) if snel else to_model(model, document)
    except (InvalidData, ValidationError):
        return None
