"""PDF factsheets, typeset with Typst (the `typst` wheel: no system libraries).

The Typst template (`templates/factsheet.typ`) receives the view model as JSON through
`sys.inputs`, with every Markdown text already turned into plain blocks and runs
(`markup.to_blocks`): no text from YAML is ever parsed as Typst markup. The PDF is tagged
and conforms to PDF/UA-1 (Typst checks the standard while compiling and refuses output
that breaks it), has `/Lang nl`, the factsheet title as document title, and embeds the
Noto Sans fonts shipped in `fonts/` (system fonts are ignored, so every machine gives the
same bytes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stj_factsheet.render.markup import to_blocks
from stj_factsheet.view.factsheet import AanpakView, FactsheetView, OordeelView

if TYPE_CHECKING:
    from stj_factsheet.view.vervolg import VervolgView

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "factsheet.typ"
VERVOLG_TEMPLATE = REPO / "templates" / "vervolg.typ"
FONTS = REPO / "fonts"


def payload(view: FactsheetView) -> dict[str, Any]:
    """The view as plain JSON data for the template."""
    return {
        "titel": view.titel,
        "gemeente": view.gemeente,
        "ondertitel": view.ondertitel,
        "maand": view.maand,
        "uitgever": view.uitgever,
        "definitie": to_blocks(view.definitie),
        "begrippen": [{"term": b.term, "uitleg": b.uitleg} for b in view.begrippen],
        "context": to_blocks(view.context),
        "inleiding": to_blocks(view.inleiding),
        "aanpakken": [_aanpak(a) for a in view.aanpakken],
        "fictief": view.fictief,
        "colofon": (f"Beoordeeld met toetsingskader {view.kader_id}, versie "
                    f"{view.kader_versie}."
                    + (f" Gegevens: commit {view.herkomst}." if view.herkomst else "")
                    + (f" Gegenereerd op {view.gegenereerd}." if view.gegenereerd else "")),
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
            "telling": dict(thema.telling.delen()),
            "rijen": [{
                "criterium": rij.criterium,
                "criterium_rijen": rij.criterium_rijen,
                "indicatoren": [i.tekst for i in rij.indicatoren],
                "oordelen": [{"waarde": o.waarde, "symbool": o.symbool, "woord": o.woord}
                             for o in rij.oordelen],
                "teksten": [to_blocks(t) for t in rij.teksten],
                "let_op": to_blocks(rij.let_op) if rij.let_op else None,
            } for criterium in thema.criteria for rij in criterium.bevindingen],
        } for thema in aanpak.themas],
        "conclusie_inleiding": to_blocks(aanpak.conclusie_inleiding),
        "conclusies": [{
            "thema": c.thema,
            "afgeleid": c.afgeleid,
            "goed": [to_blocks(p.tekst) for p in c.goed],
            "beter": [to_blocks(p.tekst) for p in c.beter],
        } for c in aanpak.conclusies],
    }


def vervolg_payload(view: VervolgView) -> dict[str, Any]:
    """A follow-up factsheet as plain JSON data for `vervolg.typ`."""
    return {
        "titel": view.titel,
        "ondertitel": f"Vervolgonderzoek {view.ronde} naar de verbeterpunten {view.welke}",
        "maand": view.maand,
        "uitgever": view.uitgever,
        "ronde": view.ronde,
        "vorige": view.vorige,
        "fictief": view.fictief,
        "inleiding": [
            f"In {view.vorige_maand} verschenen de uitkomsten van het {view.vorige_onderzoek} "
            "naar de aanpak voor gezinnen met geringe sociale redzaamheid in "
            f"{view.gemeente}. In {view.ronde} is nagegaan wat er is gedaan met de "
            f"verbeterpunten {view.welke}. Per aanpak staat hieronder elk verbeterpunt met "
            f"het oordeel en de bevinding van {view.vorige} en van {view.ronde}.",
            "De voortgang volgt uit het oordeel van nu: opgepakt als de indicator nu "
            "voldoet, deels opgepakt als hij nu deels voldoet en deels een verbeterpunt is, "
            "niet opgepakt als hij nog een verbeterpunt is, en niet opnieuw beoordeeld als "
            "STJ er nu geen oordeel over gaf (het verbeterpunt blijft dan open). Een nieuw "
            f"verbeterpunt is een indicator die in {view.vorige} geen verbeterpunt was."],
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
                    "toen": [_oordeel(o) for o in r.toen],
                    "toen_teksten": [to_blocks(x) for x in r.toen_teksten],
                    "nu": [_oordeel(o) for o in r.nu],
                    "nu_teksten": [to_blocks(x) for x in r.nu_teksten],
                    "let_op": to_blocks(r.let_op) if r.let_op else None,
                    "voortgang": [{"woord": v.woord, "indicator": v.indicator}
                                  for v in r.voortgang],
                } for r in t.rijen],
            } for t in a.themas],
        } for a in view.aanpakken],
        "colofon": (f"Beoordeeld met toetsingskader {view.kader_id}, versie "
                    f"{view.kader_versie}. De voortgang is afgeleid uit de oordelen."
                    + (f" Gegevens: commit {view.herkomst}." if view.herkomst else "")
                    + (f" Gegenereerd op {view.gegenereerd}." if view.gegenereerd else "")),
        "trefwoorden": [f"toetsingskader {view.kader_id} {view.kader_versie}",
                        f"vervolgronde {view.ronde}"]
        + ([f"gegevens-commit {view.herkomst}"] if view.herkomst else []),
    }


def _oordeel(o: OordeelView) -> dict[str, str]:
    return {"waarde": o.waarde, "symbool": o.symbool, "woord": o.woord}


def render(view: FactsheetView) -> bytes:
    """The factsheet as PDF bytes (PDF/UA-1, tagged, fonts embedded)."""
    return compile_json(json.dumps(payload(view), ensure_ascii=False, sort_keys=True),
                        TEMPLATE)


def render_vervolg(view: VervolgView) -> bytes:
    """The follow-up factsheet as PDF bytes, like `render`."""
    return compile_json(json.dumps(vervolg_payload(view), ensure_ascii=False,
                                   sort_keys=True), VERVOLG_TEMPLATE)


def compile_json(data: str, template: Path = TEMPLATE) -> bytes:
    """Typeset a payload (as JSON text) with `template`."""
    import typst  # deferred: only PDF builds pay for it

    return typst.compile(
        str(template),
        root=str(TEMPLATE.parent),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        sys_inputs={"data": data},
        pdf_standards=["ua-1"],
    )
