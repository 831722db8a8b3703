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
from typing import Any

from stj_factsheet.markup import to_blocks
from stj_factsheet.view import AanpakView, FactsheetView

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "templates" / "factsheet.typ"
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


def render(view: FactsheetView) -> bytes:
    """The factsheet as PDF bytes (PDF/UA-1, tagged, fonts embedded)."""
    return compile_json(json.dumps(payload(view), ensure_ascii=False, sort_keys=True))


def compile_json(data: str) -> bytes:
    """Typeset a payload (as JSON text)."""
    import typst  # deferred: only PDF builds pay for it

    return typst.compile(
        str(TEMPLATE),
        root=str(TEMPLATE.parent),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        sys_inputs={"data": data},
        pdf_standards=["ua-1"],
    )
