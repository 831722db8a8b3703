"""The overview (`out/index.*`): every gemeente and aanpak, the matrix of verdicts, the
figures per indicator and the national-report sentences (see `landelijk`).

`pages` turns the rows into the four files: HTML and Markdown through the templates
`overzicht.html` / `overzicht.md`, JSON for reuse, CSV for analysts (one row per aanpak).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from stj_factsheet import rules
from stj_factsheet.errors import InvalidData, Problem
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.render import environment as render
from stj_factsheet.render import paths
from stj_factsheet.rules import landelijk
from stj_factsheet.validate.geladen import LoadedGemeente
from stj_factsheet.validate.project import Project
from stj_factsheet.view import teksten
from stj_factsheet.view.factsheet import FICTIEF, FICTIEF_DEELS, FICTIEF_MERK
from stj_factsheet.view.overzicht import rijen as overzicht_rijen

SYMBOOL: dict[rules.Samenvatting, str] = {"voldoet": "√", "verbeterpunt": "X",
                                          "gemengd": "√X", "geen": "–"}
WOORD: dict[rules.Samenvatting, str] = {"voldoet": "voldoet", "verbeterpunt": "verbeterpunt",
                                        "gemengd": "gemengd (√ en X)", "geen": "geen oordeel"}
DELEN: dict[rules.Samenvatting, tuple[rules.Samenvatting, ...]] = {
    "voldoet": ("voldoet",), "verbeterpunt": ("verbeterpunt",),
    "gemengd": ("voldoet", "verbeterpunt"), "geen": ("geen",)}
"""The verdicts whose marks make up a verdict's mark: gemengd is √ and X, each shown in
its own colour (in HTML), as alone."""
TEKENS: dict[rules.Samenvatting, list[tuple[rules.Samenvatting, str]]] = {
    w: [(d, SYMBOOL[d]) for d in delen] for w, delen in DELEN.items()}


@dataclass(frozen=True)
class Verzameling:
    """What the overview is made of: rows gathered gemeente by gemeente."""

    gemeenten: list[landelijk.GemeenteRegel]
    rijen: list[landelijk.AanpakRij]
    kaders: dict[str, KaderIndex]

    @classmethod
    def leeg(cls) -> Verzameling:
        return cls([], [], {})

    def voeg_toe(self, loaded: LoadedGemeente) -> None:
        self.voeg_rijen_toe(overzicht_rijen(loaded))
        self.kaders.setdefault(loaded.kader.kader.id, loaded.kader)

    def voeg_rijen_toe(self, rijen: landelijk.Rijen) -> None:
        """Rows made elsewhere (a worker process, or the manifest of an earlier build);
        their kader is loaded when the overview is made."""
        regel, rows = rijen
        self.gemeenten.append(regel)
        self.rijen.extend(rows)


@dataclass(frozen=True)
class GemeenteView:
    slug: str
    naam: str
    rondes: list[str]
    aanpakken: list[landelijk.AanpakRij]
    fictief: bool


@dataclass(frozen=True)
class MatrixRij:
    """One row of the matrix, its cells joined in Python: 30 cells × hundreds of aanpakken
    is too many for a template loop."""

    rij: landelijk.AanpakRij
    cellen: Markup
    """The `<td>`s, each from the macro in `_matrixcel.html`."""
    symbolen: str
    """The Markdown cells: ` √ | X | …`."""
    fictief: bool
    """Made-up data (its gemeente says `fictief: true`)."""


@dataclass(frozen=True)
class OverzichtView:
    gemeenten: list[GemeenteView]
    kaders: list[landelijk.KaderOverzicht]
    aantal_aanpakken: int
    symbool: dict[rules.Samenvatting, str]
    woord: dict[rules.Samenvatting, str]
    tekens: dict[rules.Samenvatting, list[tuple[rules.Samenvatting, str]]]
    """Per verdict its marks and what each stands for (`TEKENS`)."""
    gegenereerd: str | None
    herkomst: str | None
    fictief: str | None
    """`view.FICTIEF` when every gemeente is made up; `view.FICTIEF_DEELS` when some are
    (each of them is marked `fictief_merk`)."""
    fictief_merk: str
    matrix: dict[str, list[MatrixRij]]
    """Per kader id, the rows of its matrix."""

    @property
    def herkomst_zin(self) -> str:
        return teksten.herkomst(self.herkomst, self.gegenereerd)


def collect(root: Path, names: Iterable[str] = ()) -> tuple[Verzameling, dict[str, InvalidData],
                                                           list[Problem]]:
    """Load the named gemeenten (all when none are named) for the overview: the rows, the
    gemeenten that failed, and the warnings."""
    project = Project(root)
    verzameling = Verzameling.leeg()
    failures: dict[str, InvalidData] = {}
    warnings: list[Problem] = []
    for slug in project.resolve(list(names)):
        loaded, problems = project.load(slug)
        if loaded is None:
            failures[slug] = InvalidData(problems)
            continue
        warnings += problems
        verzameling.voeg_toe(loaded)
    return verzameling, failures, warnings


def view(verzameling: Verzameling, gegenereerd: str | None = None,
         herkomst: str | None = None, project: Project | None = None) -> OverzichtView:
    """The overview of the rows; a kader the rows name but `verzameling` lacks is loaded
    through `project`."""
    for kader_id in sorted({row.kader for row in verzameling.rijen} - set(verzameling.kaders)):
        assert project is not None, "rows without their kader need a project to load it"
        verzameling.kaders[kader_id] = project.require_kader(kader_id)
    kaders = [landelijk.overzicht(index, [r for r in verzameling.rijen if r.kader == kader_id])
              for kader_id, index in sorted(verzameling.kaders.items())]
    per_gemeente: dict[str, list[landelijk.AanpakRij]] = {}
    for kader in kaders:
        for row in kader.rijen:
            per_gemeente.setdefault(row.gemeente, []).append(row)
    gemeenten = [GemeenteView(g.slug, g.naam, g.rondes, per_gemeente.get(g.slug, []), g.fictief)
                 for g in sorted(verzameling.gemeenten, key=lambda g: g.slug)]
    fictief = {g.slug for g in gemeenten if g.fictief}
    cel = render.environment().get_template("_matrixcel.html").module.cel  # type: ignore[attr-defined]
    cellen = {w: cel(w, TEKENS[w], WOORD[w]) for w in SYMBOOL}
    matrix = {kader.kader_id: [
        MatrixRij(row, Markup("").join(cellen[w] for w in row.oordelen.values()),
                  "".join(f" {SYMBOOL[w]} |" for w in row.oordelen.values()),
                  row.gemeente in fictief)
        for row in kader.rijen] for kader in kaders}
    melding = (None if not fictief else FICTIEF if len(fictief) == len(gemeenten)
               else FICTIEF_DEELS)
    return OverzichtView(gemeenten, kaders, len(verzameling.rijen), SYMBOOL, WOORD, TEKENS,
                         gegenereerd, herkomst, melding, FICTIEF_MERK, matrix)


def pages(overzicht: OverzichtView) -> dict[str, str]:
    """File name → content, for every file of `paths.OVERZICHT_FILES`."""
    return {
        "index.html": render.page("overzicht", "html", overzicht=overzicht),
        "index.md": render.page("overzicht", "md", overzicht=overzicht),
        "index.json": json.dumps(_json(overzicht), ensure_ascii=False, indent=2) + "\n",
        "index.csv": _csv(overzicht),
    }


def _verdeling(verdeling: rules.Telling) -> dict[str, int]:
    return dict(verdeling.delen())


def _json(overzicht: OverzichtView) -> dict[str, object]:
    return {
        "gemeenten": [{"slug": g.slug, "naam": g.naam, "fictief": g.fictief,
                       "factsheet": paths.factsheet(g.slug, "html"),
                       "vervolg": [{"ronde": r, "factsheet": paths.factsheet(g.slug, "html", r)}
                                   for r in g.rondes]}
                      for g in overzicht.gemeenten],
        "kaders": [{
            "kader": k.kader_id,
            "versie": k.kader_versie,
            "aantal_aanpakken": len(k.rijen),
            "aantal_gemeenten": k.aantal_gemeenten,
            "zinnen": k.zinnen,
            "indicatoren": [{
                "id": c.id, "nummer": c.nummer, "tekst": c.tekst, "thema": c.thema,
                "aanpakken": _verdeling(c.aanpakken), "gemeenten": _verdeling(c.gemeenten),
                "voortgang": [{"ronde": v.ronde, **dataclasses.asdict(v.telling)}
                              for v in c.voortgang],
            } for c in k.gesorteerd],
            "aanpakken": [{"gemeente": r.gemeente, "aanpak": r.aanpak, "naam": r.aanpak_naam,
                           "factsheet": f"{paths.factsheet(r.gemeente, 'html')}#{r.aanpak}",
                           "oordelen": r.oordelen, "voortgang": r.voortgang}
                          for r in k.rijen],
        } for k in overzicht.kaders],
    }


def _csv(overzicht: OverzichtView) -> str:
    """One row per aanpak: who, the counts, per follow-up round the progress (empty when
    the gemeente has no such round, 0s when the aanpak had nothing open), and every
    indicator's verdict in one word (columns named by indicator id)."""
    rondes = sorted({r for k in overzicht.kaders for r in k.rondes})
    indicatoren = list(dict.fromkeys(i for k in overzicht.kaders for r in k.rijen
                                     for i in r.oordelen))
    fictief = {g.slug for g in overzicht.gemeenten if g.fictief}
    header = ["gemeente", "gemeente_naam", "fictief", "aanpak", "aanpak_naam", "kader",
              "factsheet",
              "aantal_voldoet", "aantal_verbeterpunt", "aantal_gemengd", "aantal_geen"]
    for ronde in rondes:
        header += [f"vervolg_{ronde}_{woord.replace(' ', '_')}"
                   for woord, _ in rules.VoortgangTelling().delen()]
        header.append(f"vervolg_{ronde}_nieuw")
    header += indicatoren
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for kader in overzicht.kaders:
        for row in kader.rijen:
            telling = rules.Telling.van(row.oordelen.values())
            cells: list[object] = [row.gemeente, row.gemeente_naam,
                                   "ja" if row.gemeente in fictief else "nee", row.aanpak,
                                   row.aanpak_naam, row.kader,
                                   f"{paths.factsheet(row.gemeente, 'html')}#{row.aanpak}",
                                   *(n for _, n in telling.delen())]
            for ronde in rondes:
                if ronde in row.voortgang:
                    voortgang = rules.VoortgangTelling.van(row.voortgang[ronde].values(),
                                                           len(row.nieuw.get(ronde, [])))
                    cells += [n for _, n in voortgang.delen()] + [voortgang.nieuw]
                else:
                    cells += [""] * (len(rules.VOORTGANGEN) + 1)
            cells += [row.oordelen.get(i, "") for i in indicatoren]
            writer.writerow(cells)
    return buffer.getvalue()
