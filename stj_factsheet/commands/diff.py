"""`stj diff`: what a change of the data changes in the publication.

A reviewer reads a YAML diff; a citizen reads the factsheets and the national overview.
`diff` loads the data of two git revisions (VAN, by default HEAD; TOT, by default the
working tree) with the project loader, makes each gemeente's pages' views on both sides
(`compare.staat`) and says what a reader will see change (`compare.gemeente`): per
gemeente and aanpak the verdicts, texts, LET OP, conclusion points and summary counts,
the wording that comes from a kader, added and removed gemeenten, aanpakken and rounds,
follow-up progress; the national figures that move (`compare.landelijk`); the kader of
the data root where it changed (`compare.kaders`). What does not load on a side is "fout",
not compared and not counted nationally; TOT's errors come back as `stj check` reports
them.

Fast where it matters: only gemeenten whose files differ (`git diff --name-only`, plus
untracked files of the working tree) are loaded and checked on both sides. The national
figures count every gemeente, so the others are read once, quickly and without checks
(`staat.snelle_rijen`, in worker processes when there are many): being the same in VAN
and TOT, they count alike on both sides. A changed kader file of the data root concerns
every gemeente, which are then all compared. The core neither prints nor exits (`cli`
does, `compare.uitvoer` writes the formats).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stj_factsheet.compare import kaders as kader_verschil
from stj_factsheet.compare import landelijk as nationaal
from stj_factsheet.compare import model as m
from stj_factsheet.compare import revisies
from stj_factsheet.compare.gemeente import gemeente as vergelijk_gemeente
from stj_factsheet.compare.staat import GemeenteStaat, laad, snelle_rijen
from stj_factsheet.errors import Problem, Severity
from stj_factsheet.load import layout
from stj_factsheet.load.layout import MUNICIPALITIES, SLUG
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.publish import workers
from stj_factsheet.publish.herkomst import FRAMEWORKS
from stj_factsheet.rules import landelijk
from stj_factsheet.validate.project import Project


@dataclass(frozen=True)
class Uitkomst:
    verschil: m.Verschil
    fouten: list[Problem]
    """The errors in TOT, as `stj check` reports them."""


@dataclass
class _Kant:
    """One side of the comparison: its data root, and what counts nationally."""

    project: Project
    rijen: list[landelijk.AanpakRij] = field(default_factory=list)
    kaders: dict[str, KaderIndex] = field(default_factory=dict)

    def bestaat(self, slug: str) -> bool:
        return (self.project.root / MUNICIPALITIES / slug).is_dir()

    def telt(self, staat: GemeenteStaat) -> None:
        if staat.rijen is not None and staat.kader is not None:
            self.rijen += staat.rijen[1]
            self.kaders.setdefault(staat.kader.kader.id, staat.kader)

    def kader(self, kader_id: str) -> KaderIndex | None:
        if kader_id not in self.kaders and layout.find(self.project.root, kader_id):
            found = self.project.kader(kader_id)
            if isinstance(found, KaderIndex):
                self.kaders[kader_id] = found
        return self.kaders.get(kader_id)


def diff(root: Path, van: str | None = None, tot: str | None = None) -> Uitkomst:
    """Compare the data of revision `van` (default HEAD) with `tot` (default the working
    tree); `van` may be `A..B` or `A...B` as for git diff."""
    van_naam, tot_naam, symmetrisch = revisies.bereik(van, tot)
    van_rev = revisies.revisie(root, van_naam)
    tot_rev = revisies.revisie(root, tot_naam) if tot_naam else None
    if symmetrisch and tot_rev:
        van_rev = revisies.splitsing(root, van_rev, tot_rev)
    bestanden = revisies.gewijzigd(root, van_rev, tot_rev)
    kader_gewijzigd = any(f.startswith(f"{FRAMEWORKS}/") for f in bestanden)
    with tempfile.TemporaryDirectory(prefix="stj-diff-") as scratch:
        tot_root = root
        if tot_rev is not None:
            tot_root = Path(scratch) / "tot"
            revisies.uitpakken(root, tot_rev, [FRAMEWORKS, MUNICIPALITIES], tot_root)
        gewijzigd = {parts[1] for parts in (f.split("/") for f in bestanden)
                     if parts[0] == MUNICIPALITIES and len(parts) > 2}
        van_root = Path(scratch) / "van"
        revisies.uitpakken(root, van_rev, [FRAMEWORKS, *(
            [MUNICIPALITIES] if kader_gewijzigd
            else [f"{MUNICIPALITIES}/{slug}" for slug in sorted(gewijzigd)])], van_root)
        if kader_gewijzigd:
            gewijzigd = set(_slugs(van_root)) | set(_slugs(tot_root))
        van_kant, tot_kant = _Kant(Project(van_root)), _Kant(Project(tot_root))
        gemeenten, fouten = _gemeenten(van_kant, tot_kant, sorted(gewijzigd), bestanden)
        kaders = (kader_verschil.kaders(van_kant.project, tot_kant.project, van_kant.kader,
                                        tot_kant.kader) if kader_gewijzigd else [])
        figures = _landelijk(van_kant, tot_kant, gemeenten)
    verschil = m.Verschil(
        van=m.Revisie(naam=van_rev.naam, commit=van_rev.kort),
        tot=(m.Revisie(naam=tot_rev.naam, commit=tot_rev.kort) if tot_rev
             else m.Revisie(naam=revisies.WERKMAP, commit=None)),
        publicatie_verandert=any(g.verandert for g in gemeenten) or any(
            f.beweegt for f in figures),
        alles_vergeleken=not any(g.status == "fout" for g in gemeenten),
        hulpmiddel=revisies.hulpmiddel(root, van_rev, tot_rev),
        bestanden=bestanden, kaders=kaders, gemeenten=gemeenten, landelijk=figures)
    return Uitkomst(verschil, fouten)


def _slugs(root: Path) -> list[str]:
    folder = root / MUNICIPALITIES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and re.match(SLUG, p.name))


def _gemeenten(van: _Kant, tot: _Kant, gewijzigd: list[str], bestanden: list[str],
               ) -> tuple[list[m.GemeenteVerschil], list[Problem]]:
    """Compare each gemeente whose files differ, counting it nationally on both sides
    when it loads on both; count the others (read once) on both sides alike. Returns the
    comparisons and TOT's errors."""
    gemeenten: list[m.GemeenteVerschil] = []
    fouten: set[Problem] = set()
    for slug in gewijzigd:
        oud = laad(van.project, slug)[0] if van.bestaat(slug) else None
        nieuw, problemen = laad(tot.project, slug) if tot.bestaat(slug) else (None, [])
        if all(s is None or s.rijen is not None for s in (oud, nieuw)):
            for kant, staat in ((van, oud), (tot, nieuw)):
                if staat is not None:
                    kant.telt(staat)
        fouten.update(p for p in problemen if p.severity is Severity.ERROR)
        eigen = [f for f in bestanden if f.startswith(f"{MUNICIPALITIES}/{slug}/")]
        gemeenten.append(vergelijk_gemeente(slug, oud, nieuw, eigen))
    same = [s for s in _slugs(tot.project.root) if s not in set(gewijzigd)]
    for rijen in workers.map_ordered(snelle_rijen, same, Project, (tot.project.root,)):
        if rijen is not None:
            van.rijen += rijen[1]
            tot.rijen += rijen[1]
    return gemeenten, sorted(fouten)


def _landelijk(van: _Kant, tot: _Kant, gemeenten: list[m.GemeenteVerschil],
               ) -> list[m.LandelijkVerschil]:
    """Per kader, the national figures that move (counted over every gemeente that loads
    on both sides), and the gemeenten that could not be counted."""
    niet_geteld = [m.NietGeteld(id=g.id, naam=g.naam, kant=_kant(g)) for g in gemeenten
                   if g.status == "fout"]
    result = []
    kader_ids = sorted({r.kader for r in van.rijen} | {r.kader for r in tot.rijen})
    for kader_id in kader_ids:
        index_van, index_tot = van.kader(kader_id), tot.kader(kader_id)
        index_oud, index_nieuw = index_van or index_tot, index_tot or index_van
        if index_oud is None or index_nieuw is None:
            continue
        found = nationaal.verschil(
            kader_id, landelijk.overzicht(index_oud, [r for r in van.rijen
                                                      if r.kader == kader_id]),
            landelijk.overzicht(index_nieuw, [r for r in tot.rijen if r.kader == kader_id]),
            niet_geteld)
        if found:
            result.append(found)
    return result


def _kant(gemeente: m.GemeenteVerschil) -> Literal["van", "tot", "beide"]:
    kanten = {f.kant for f in gemeente.fouten}
    return "beide" if len(kanten) == 2 else next(iter(kanten), "tot")
