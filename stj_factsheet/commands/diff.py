"""`stj diff`: what a change of the data changes in the publication.

A reviewer reads a YAML diff; a citizen reads the factsheets and the national overview.
`diff` loads the data of two git revisions (VAN, by default HEAD; TOT, by default the
working tree) with the project loader, compares the models and the rules' outcomes
(`diff_staat`, `diff_vergelijk`), and says what a citizen will see change: per gemeente
and aanpak the verdicts, texts, LET OP, conclusion points and summary counts, added and
removed gemeenten, aanpakken and rounds, follow-up progress; the national figures that
move; the kader of the data root where it changed.

Fast where it matters: only gemeenten whose files differ (`git diff --name-only`, plus
untracked files of the working tree) are loaded and checked on both sides. The national
figures count every gemeente, so the others are read once, quickly and without checks
(`diff_staat.snelle_rijen`, in worker processes when there are many): being the same in
VAN and TOT, they count alike on both sides. A changed kader file of the data root
concerns every gemeente, which are then all compared.

Errors in TOT are returned as `stj check` reports them; VAN with errors is compared as
far as it loads. The core neither prints nor exits (`cli` does, `diff_uitvoer` writes the
formats).
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stj_factsheet.compare import model as m
from stj_factsheet.compare import vergelijk
from stj_factsheet.compare.staat import GemeenteStaat, Tekst, laad, snelle_rijen
from stj_factsheet.errors import InvalidData, Problem, Severity
from stj_factsheet.load import layout
from stj_factsheet.load.layout import MUNICIPALITIES, SLUG
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.compare import revisies
from stj_factsheet.publish import workers
from stj_factsheet.publish.herkomst import FRAMEWORKS
from stj_factsheet.rules import landelijk
from stj_factsheet.validate.project import Project

WAT_OPVALT = "Wat opvalt"
PAAR = 0.5
"""How alike a removed and an added sentence must be (share of words) to be shown as one
sentence that changed."""


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

    def telt(self, staat: GemeenteStaat | None) -> None:
        if staat is not None:
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
        kaders = _kaders(van_kant, tot_kant) if kader_gewijzigd else []
        figures = _landelijk(van_kant, tot_kant)
    verschil = m.Verschil(
        van=m.Revisie(naam=van_rev.naam, commit=van_rev.kort),
        tot=(m.Revisie(naam=tot_rev.naam, commit=tot_rev.kort) if tot_rev
             else m.Revisie(naam=revisies.WERKMAP, commit=None)),
        publicatie_verandert=bool(kaders or figures or any(
            g.status != "ongewijzigd" for g in gemeenten)),
        bestanden=bestanden, kaders=kaders, gemeenten=gemeenten, landelijk=figures)
    return Uitkomst(verschil, fouten)


def _slugs(root: Path) -> list[str]:
    folder = root / MUNICIPALITIES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and re.match(SLUG, p.name))


def _gemeenten(van: _Kant, tot: _Kant, gewijzigd: list[str], bestanden: list[str],
               ) -> tuple[list[m.GemeenteVerschil], list[Problem]]:
    """Compare each gemeente whose files differ; count the others (read once) on both
    sides of the national figures. Returns the comparisons and TOT's errors."""
    gemeenten: list[m.GemeenteVerschil] = []
    fouten: set[Problem] = set()
    for slug in gewijzigd:
        oud, oud_problemen = laad(van.project, slug) if van.bestaat(slug) else (None, [])
        nieuw, problemen = laad(tot.project, slug) if tot.bestaat(slug) else (None, [])
        van.telt(oud)
        tot.telt(nieuw)
        errors = sorted({p for p in problemen if p.severity is Severity.ERROR})
        fouten.update(errors)
        eigen = [f for f in bestanden if f.startswith(f"{MUNICIPALITIES}/{slug}/")]
        meldingen = [m.Melding(bestand=p.path, regel=p.line, kolom=p.column,
                               melding=p.message, hint=p.hint) for p in errors]
        aantal_van = sum(p.severity is Severity.ERROR for p in oud_problemen)
        if (oud is None and van.bestaat(slug)) or (nieuw is None and tot.bestaat(slug)):
            staat = nieuw or oud
            gemeenten.append(m.GemeenteVerschil(
                id=slug, naam=staat.naam if staat else slug, status="onleesbaar",
                bestanden=eigen, wijzigingen=[], aanpakken=[], rondes=[], fouten=meldingen,
                fouten_van=aantal_van))
            continue
        gemeenten.append(vergelijk.gemeente(slug, oud, nieuw, eigen, meldingen, aantal_van))
    same = [s for s in _slugs(tot.project.root) if s not in set(gewijzigd)]
    for rijen in workers.map_ordered(snelle_rijen, same, Project, (tot.project.root,)):
        if rijen is not None:
            van.rijen += rijen[1]
            tot.rijen += rijen[1]
    return gemeenten, sorted(fouten)


# --- the national figures -----------------------------------------------------------------


def _landelijk(van: _Kant, tot: _Kant) -> list[m.LandelijkVerschil]:
    """Per kader, the national figures that move (counted over every gemeente)."""
    result = []
    for kader_id in sorted({r.kader for r in van.rijen} | {r.kader for r in tot.rijen}):
        index_van, index_tot = van.kader(kader_id), tot.kader(kader_id)
        index_oud, index_nieuw = index_van or index_tot, index_tot or index_van
        if index_oud is None or index_nieuw is None:
            continue
        oud = landelijk.overzicht(index_oud, [r for r in van.rijen if r.kader == kader_id])
        nieuw = landelijk.overzicht(index_nieuw, [r for r in tot.rijen if r.kader == kader_id])
        indicatoren = list(_cijfers(oud, nieuw))
        veranderd = zinnen(oud.zinnen, nieuw.zinnen)
        if (indicatoren or veranderd or len(oud.rijen) != len(nieuw.rijen)
                or oud.aantal_gemeenten != nieuw.aantal_gemeenten):
            result.append(m.LandelijkVerschil(
                kader=kader_id, aanpakken_van=len(oud.rijen), aanpakken_tot=len(nieuw.rijen),
                gemeenten_van=oud.aantal_gemeenten, gemeenten_tot=nieuw.aantal_gemeenten,
                indicatoren=indicatoren, zinnen=veranderd))
    return result


def _cijfers(oud: landelijk.KaderOverzicht, nieuw: landelijk.KaderOverzicht,
             ) -> Iterable[m.CijferWijziging]:
    """The indicators whose counts or progress differ, most common verbeterpunt first
    (in TOT)."""
    before = {c.id: c for c in oud.gesorteerd}
    for c in nieuw.gesorteerd:
        b = before.get(c.id)
        if b is None:
            continue
        voortgang_van = [v.tekst() for v in b.voortgang]
        voortgang_tot = [v.tekst() for v in c.voortgang]
        if (b.aanpakken, b.gemeenten, voortgang_van) != (c.aanpakken, c.gemeenten,
                                                          voortgang_tot):
            yield m.CijferWijziging(
                indicator=c.id, tekst=c.tekst, aanpakken_van=dict(b.aanpakken.delen()),
                aanpakken_tot=dict(c.aanpakken.delen()),
                gemeenten_van=dict(b.gemeenten.delen()),
                gemeenten_tot=dict(c.gemeenten.delen()),
                voortgang_van=voortgang_van, voortgang_tot=voortgang_tot)


def zinnen(oud: list[str], nieuw: list[str]) -> list[m.Wijziging]:
    """The sentences of ‘Wat opvalt’ that changed: a sentence that went is paired with
    the most alike one that came (the same indicator, other counts) and shown as a word
    diff; the rest as removed or added. Their order follows the counts, so it is not
    compared."""
    weg = [z for z in oud if z not in nieuw]
    erbij = [z for z in nieuw if z not in oud]
    scores = sorted(((_gelijkenis(a, b), i, j) for i, a in enumerate(weg)
                     for j, b in enumerate(erbij)), reverse=True)
    paar: dict[int, int] = {}
    for score, i, j in scores:
        if score >= PAAR and i not in paar and j not in paar.values():
            paar[i] = j
    result = [w for i, zin in enumerate(weg) for w in vergelijk.tekst(
        WAT_OPVALT, Tekst(zin), Tekst(erbij[paar[i]]) if i in paar else None)]
    return result + [w for j, zin in enumerate(erbij) if j not in paar.values()
                     for w in vergelijk.tekst(WAT_OPVALT, None, Tekst(zin))]


def _gelijkenis(a: str, b: str) -> float:
    """The share of words two sentences have in common, counts left out."""
    def woorden(zin: str) -> list[str]:
        return ["#" if any(c.isdigit() for c in w) else w for w in zin.split()]

    return difflib.SequenceMatcher(None, woorden(a), woorden(b)).ratio()


# --- the kaders of the data root ----------------------------------------------------------


def _kaders(van: _Kant, tot: _Kant) -> list[m.KaderVerschil]:
    """The kaders that differ, field by field (the shipped ones never do: they come with
    the tool, not with the data)."""
    result = []
    ids = sorted(set(layout.available(van.project.root)) | set(layout.available(
        tot.project.root)))
    for kader_id in ids:
        oud = _plat(van.kader(kader_id))
        nieuw = _plat(tot.kader(kader_id))
        if oud == nieuw:
            continue
        wijzigingen: list[m.Wijziging] = []
        for pad in dict.fromkeys([*nieuw, *oud]):
            a, b = oud.get(pad), nieuw.get(pad)
            if a == b:
                continue
            if isinstance(a, str) and isinstance(b, str):
                wijzigingen += vergelijk.tekst(pad, Tekst(a), Tekst(b))
            else:
                wijzigingen.append(m.Wijziging(soort="gegeven", onderwerp=pad,
                                               van=None if a is None else str(a),
                                               tot=None if b is None else str(b)))
        if wijzigingen or not oud or not nieuw:
            result.append(m.KaderVerschil(id=kader_id, status=vergelijk.status(
                oud or None, nieuw or None, True), wijzigingen=wijzigingen))
    return result


def _plat(index: KaderIndex | InvalidData | None) -> dict[str, Any]:
    """A kader as `pad → value` for every value in it (list items named by their id)."""
    found: dict[str, Any] = {}

    def walk(node: Any, pad: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{pad} › {key}" if pad else key)
        elif isinstance(node, list):
            for n, value in enumerate(node, start=1):
                naam = (value.get("id") or ", ".join(value.get("indicatoren", []))
                        if isinstance(value, dict) else "") or str(n)
                walk(value, f"{pad} › {naam}")
        elif node is not None:
            found[pad] = node

    if isinstance(index, KaderIndex):
        walk(index.kader.model_dump(), "")
    return found
