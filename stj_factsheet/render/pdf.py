"""PDF factsheets, typeset with Typst (the `typst` wheel: no system libraries).

The Typst template (`templates/factsheet.typ`) receives the view model as JSON through
`sys.inputs`, with every Markdown text already turned into plain blocks and runs
(`markup.to_blocks`): no text from YAML is ever parsed as Typst markup. The PDF is tagged
and conforms to PDF/UA-1 (Typst checks the standard while compiling and refuses output
that breaks it), has `/Lang nl`, the factsheet title as document title, and embeds only
the font shipped in `fonts/`: Inter, one family for text and marks (system fonts and
Typst's own fallback fonts are never used, so every machine gives the same bytes; `glyphs`
makes `stj check` refuse a character Inter lacks). A PDF Typst refuses
all the same is reported as `InvalidData` naming the gemeente, never as a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stj_factsheet import rules
from stj_factsheet.errors import InvalidData, Problem
from stj_factsheet.load.layout import GEMEENTE_FILE, MUNICIPALITIES
from stj_factsheet.render.markup import to_blocks
from stj_factsheet.render.pdftags import Tabel, rijkoppen
from stj_factsheet.resources import FONTS, TEMPLATES
from stj_factsheet.view import teksten
from stj_factsheet.view.factsheet import AanpakView, FactsheetView, OordeelView

if TYPE_CHECKING:
    from stj_factsheet.view.vervolg import VervolgView

TEMPLATE = TEMPLATES / "factsheet.typ"
VERVOLG_TEMPLATE = TEMPLATES / "vervolg.typ"

KOPPEN: dict[str, str] = teksten.KOPPEN
"""The column headings of the summary table, one per verdict in one word."""


def payload(view: FactsheetView) -> dict[str, Any]:
    """The view as plain JSON data for the template."""
    return {
        "titel": view.titel,
        "gemeente": view.gemeente,
        "ondertitel": view.ondertitel,
        "maand": view.maand,
        "maand_in_zin": view.maand_in_zin,
        "publicatie": view.publicatie,
        "kop": "Uitkomsten toezichtonderzoek",
        "uitgever": view.uitgever,
        "definitie": to_blocks(view.definitie),
        "begrippen": [{"term": b.term, "uitleg": b.uitleg} for b in view.begrippen],
        "context": to_blocks(view.context),
        "inleiding": to_blocks(view.inleiding),
        "aanpakken": [_aanpak(a) for a in view.aanpakken],
        "koppen": [KOPPEN[waarde] for waarde, _ in rules.Telling().delen()],
        "fictief": view.fictief,
        "teksten": VASTE_TEKSTEN,
        "colofon": view.colofon,
        "trefwoorden": [f"toetsingskader {view.kader_id} {view.kader_versie}"]
        + ([f"gegevens-commit {view.herkomst}"] if view.herkomst else []),
    }


def _aanpak(aanpak: AanpakView) -> dict[str, Any]:
    return {
        "naam": aanpak.naam,
        "vragenlijst": to_blocks(aanpak.vragenlijst),
        "netwerkpartners": aanpak.netwerkpartners,
        "netwerkpartners_toelichting": to_blocks(aanpak.netwerkpartners_toelichting),
        "beschrijving": to_blocks(aanpak.beschrijving),
        "aantal_gezinnen": aanpak.aantal_gezinnen,
        "bevindingen_inleiding": to_blocks(aanpak.bevindingen_inleiding),
        "themas_lijst": [{"label": r.label, "omschrijving": r.omschrijving}
                         for r in aanpak.themas_lijst],
        "bevindingen_toelichting": to_blocks(aanpak.bevindingen_toelichting),
        "themas": [{
            "naam": thema.naam,
            "telling": _telling(thema.telling),
            "rijen": [{
                "criterium": rij.criterium,
                "criterium_rijen": rij.criterium_rijen,
                "indicatoren": [{"tekst": i.tekst, "oordelen": [_oordeel(o) for o in i.oordelen]}
                                for i in rij.indicatoren],
                "teksten": [to_blocks(t) for t in rij.teksten],
                "let_op": to_blocks(rij.let_op) if rij.let_op else None,
            } for criterium in thema.criteria for rij in criterium.bevindingen],
        } for thema in aanpak.themas],
        "conclusie_inleiding": to_blocks(aanpak.conclusie_inleiding),
        "conclusies": [{
            "thema": c.thema,
            "noot": None if c.noot is None else {"label": c.noot.label, "tekst": c.noot.tekst},
            "goed": [{"blokken": to_blocks(p.tekst), "optioneel": p.optioneel} for p in c.goed],
            "beter": [{"blokken": to_blocks(p.tekst), "optioneel": p.optioneel}
                      for p in c.beter],
        } for c in aanpak.conclusies],
    }


def _telling(telling: rules.Telling) -> list[dict[str, Any]]:
    """The counts in column order, each with its heading: a list, so that no JSON key
    order can ever move a number under another heading."""
    return [{"waarde": waarde, "kop": KOPPEN[waarde], "aantal": aantal}
            for waarde, aantal in telling.delen()]


def vervolg_payload(view: VervolgView) -> dict[str, Any]:
    """A follow-up factsheet as plain JSON data for `vervolg.typ`."""
    return {
        "titel": view.titel,
        "ondertitel": f"Vervolgonderzoek {view.ronde} naar de verbeterpunten {view.welke}",
        "maand": view.maand,
        "maand_in_zin": view.maand_in_zin,
        "publicatie": view.publicatie,
        "kop": f"Vervolgonderzoek {view.ronde}",
        "gemeente": view.gemeente,
        "uitgever": view.uitgever,
        "ronde": view.ronde,
        "vorige": view.vorige,
        "fictief": view.fictief,
        "teksten": VASTE_TEKSTEN,
        "inleiding": [to_blocks(alinea) for alinea in view.uitleg],
        "aanpakken": [{
            "naam": a.naam,
            "samenvatting": a.samenvatting,
            "telling": ([[w.capitalize(), n] for w, n in a.telling.delen()]
                        + [["Nieuw verbeterpunt", a.telling.nieuw]]) if a.telling.eerder
            else [],
            "toelichting": to_blocks(a.toelichting) if a.toelichting else None,
            "themas": [{
                "naam": t.naam,
                "rijen": [{
                    "indicatoren": [i.tekst for i in r.indicatoren],
                    "toen": [{"indicator": g.indicator,
                                "oordelen": [_oordeel(o) for o in g.oordelen]} for g in r.toen],
                    "toen_teksten": [to_blocks(x) for x in r.toen_teksten],
                    "nu": [{"indicator": g.indicator,
                                "oordelen": [_oordeel(o) for o in g.oordelen]} for g in r.nu],
                    "nu_teksten": [to_blocks(x) for x in r.nu_teksten],
                    "let_op": to_blocks(r.let_op) if r.let_op else None,
                    "voortgang": [{"woord": v.woord, "indicator": v.indicator}
                                  for v in r.voortgang],
                } for r in t.rijen],
            } for t in a.themas],
        } for a in view.aanpakken],
        "colofon": view.colofon,
        "trefwoorden": [f"toetsingskader {view.kader_id} {view.kader_versie}",
                        f"vervolgronde {view.ronde}"]
        + ([f"gegevens-commit {view.herkomst}"] if view.herkomst else []),
    }


def _oordeel(o: OordeelView) -> dict[str, str]:
    return {"waarde": o.waarde, "symbool": o.symbool, "woord": o.woord}


VASTE_TEKSTEN = {"optioneel": teksten.OPTIONEEL, "geen_punten": teksten.GEEN_PUNTEN}
"""Fixed words the Typst templates print (`teksten`), in every payload."""


def render(view: FactsheetView) -> bytes:
    """The factsheet as PDF bytes (PDF/UA-1, tagged, fonts embedded); `InvalidData` naming
    the gemeente when Typst cannot make it."""
    data = payload(view)
    return rijkoppen(_typeset(data, TEMPLATE, view.slug, f"de PDF van {view.gemeente}"),
                     tabellen(data))


def render_vervolg(view: VervolgView) -> bytes:
    """The follow-up factsheet as PDF bytes, like `render`."""
    data = vervolg_payload(view)
    return rijkoppen(_typeset(data, VERVOLG_TEMPLATE, view.slug,
                              f"de PDF van {view.gemeente}, ronde {view.ronde}"),
                     vervolg_tabellen(data))


def tabellen(data: dict[str, Any]) -> list[Tabel]:
    """The tables `factsheet.typ` makes of a payload, in order, with their row headers
    (as `_samenvatting.html` and `_bevindingen.html` mark them): per aanpak the summary
    (the theme), then per theme its findings (the indicator, a row each; the criterium is
    a subheader row above its indicators, which Typst tags itself)."""
    return [tabel for aanpak in data["aanpakken"] for tabel in [
        Tabel(kolommen=1, rijen=len(aanpak["themas"])),
        *(Tabel(kolommen=1, rijen=sum(len(rij["indicatoren"]) for rij in thema["rijen"]))
          for thema in aanpak["themas"])]]


def vervolg_tabellen(data: dict[str, Any]) -> list[Tabel]:
    """The tables `vervolg.typ` makes, like `tabellen` (`vervolg.html`): per aanpak the
    progress counts, if any (the progress word), then per theme a row per verbeterpunt
    (its indicator or indicators)."""
    return [tabel for aanpak in data["aanpakken"] for tabel in [
        *([Tabel(kolommen=1, rijen=len(aanpak["telling"]))] if aanpak["telling"] else []),
        *(Tabel(kolommen=1, rijen=len(thema["rijen"])) for thema in aanpak["themas"])]]


def _typeset(data: dict[str, Any], template: Path, slug: str, what: str) -> bytes:
    import typst

    try:
        return compile_json(json.dumps(data, ensure_ascii=False, sort_keys=True), template)
    except typst.TypstError as error:
        said = " ".join(error.message.split())
        raise InvalidData([Problem(
            f"{MUNICIPALITIES}/{slug}/{GEMEENTE_FILE}", 1, 1,
            f"{what} kon niet worden gemaakt; Typst meldt: {said}",
            "pas de tekst aan die de melding noemt, of meld dit met deze melding aan de "
            "beheerders van stj-factsheet")]) from None


def compile_json(data: str, template: Path | bytes = TEMPLATE) -> bytes:
    """Typeset a payload (as JSON text) with `template` (a file, or Typst source that
    imports from `templates/`)."""
    import typst  # deferred: only PDF builds pay for it

    # (The stubs want the source and the root of one type; Typst takes a str root with
    # source bytes all the same.)
    source: Any = str(template) if isinstance(template, Path) else template
    return typst.compile(
        source,
        root=str(TEMPLATE.parent),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        sys_inputs={"data": data},
        pdf_standards=["a-2a", "ua-1"],
    )
