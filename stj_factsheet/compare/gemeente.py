"""Compare one gemeente on both sides: its own facts and page, each aanpak, each round.

A gemeente that does not load on a side (its `gemeente.yaml` or kader) is "fout" and not
compared; otherwise every aanpak and round is (`vergelijk`, `ronde`), and a part that does
not load is "fout" there, so the gemeente is "fout" too: not wholly comparable. Whether
its publication changes is told apart (`verandert`): by what could be compared.
"""

from __future__ import annotations

from dataclasses import replace

from stj_factsheet.compare import model as m
from stj_factsheet.compare import plat
from stj_factsheet.compare.ronde import rondes, verandert
from stj_factsheet.compare.staat import GEMEENTE, GemeenteStaat, deel
from stj_factsheet.compare.tekst import Tekst
from stj_factsheet.compare.vergelijk import (
    Namen,
    aanpak,
    fouten_van,
    gegevens,
    samen,
    status,
    tekst_wijziging,
)
from stj_factsheet.view.factsheet import AanpakView, FactsheetView

GEDEKT = [(f,) for f in ("gemeente", "publicatie", "maand", "maand_in_zin", "inwoners",
                         "huishoudens_met_kind", "cbs_peildatum", "kader_id", "kader_versie",
                         "fictief", "context")]
"""The fields of the factsheet's view that `_gegevens` and the context speak for."""


def gemeente(slug: str, van: GemeenteStaat | None, tot: GemeenteStaat | None,
             bestanden: list[str]) -> m.GemeenteVerschil:
    staat = tot or van
    assert staat is not None
    fout = fouten_van(GEMEENTE, van, tot)
    if fout is not None:
        return m.GemeenteVerschil(id=slug, naam=staat.naam, status="fout", verandert=False,
                                  bestanden=bestanden, wijzigingen=[], aanpakken=[],
                                  rondes=[], fouten=fout)
    pv, pt = (van.pagina if van else None), (tot.pagina if tot else None)
    wijzigingen = _pagina(pv, pt) if pv and pt else []
    namen = _namen(pt, pv)
    aanpakken = []
    for aanpak_slug in samen(_aanpakken(van), _aanpakken(tot)):
        fout = fouten_van(deel(None, aanpak_slug), van, tot)
        a, b = _aanpak_view(pv, aanpak_slug), _aanpak_view(pt, aanpak_slug)
        if fout is not None:
            view = b or a
            aanpakken.append(m.AanpakVerschil(id=aanpak_slug, naam=view.naam if view
                                              else aanpak_slug, status="fout",
                                              wijzigingen=[], fouten=fout))
        elif found := aanpak(aanpak_slug, a, b, namen):
            aanpakken.append(found)
    ronde_lijst = rondes(van, tot, namen)
    fouten = [*(a.fouten for a in aanpakken), *(r.fouten for r in ronde_lijst),
              *(a.fouten for r in ronde_lijst for a in r.aanpakken)]
    toestand: m.Status = "fout" if any(fouten) else status(
        van, tot, bool(wijzigingen or aanpakken or ronde_lijst))
    return m.GemeenteVerschil(
        id=slug, naam=staat.naam, status=toestand,
        verandert=bool(wijzigingen) or toestand in ("nieuw", "verwijderd") or any(
            a.status != "fout" for a in aanpakken) or any(verandert(r) for r in ronde_lijst),
        bestanden=bestanden, wijzigingen=wijzigingen, aanpakken=aanpakken, rondes=ronde_lijst,
        fouten=list({f.model_dump_json(): f for found in fouten for f in found}.values()))


def _aanpakken(staat: GemeenteStaat | None) -> list[str]:
    """The aanpakken of a side in the factsheet's order, then those that do not load."""
    if staat is None or staat.pagina is None:
        return []
    return [a.anker for a in staat.pagina.aanpakken] + [
        k for k in staat.fouten if "/" not in k and k != GEMEENTE]


def _aanpak_view(pagina: FactsheetView | None, slug: str) -> AanpakView | None:
    return next((a for a in pagina.aanpakken if a.anker == slug), None) if pagina else None


def _pagina(van: FactsheetView, tot: FactsheetView) -> list[m.Wijziging]:
    """The gemeente's facts, its context, the order of its aanpakken, and whatever else of
    its factsheet outside the aanpakken differs (a title, the definition)."""
    found = gegevens(_gegevens(van), _gegevens(tot))
    found += tekst_wijziging("context", Tekst(van.context), Tekst(tot.context))
    beide = {a.anker for a in van.aanpakken} & {b.anker for b in tot.aanpakken}
    toen = [a.anker for a in van.aanpakken if a.anker in beide]
    nu = [a.anker for a in tot.aanpakken if a.anker in beide]
    if toen != nu:
        naam = {a.anker: a.naam for a in [*van.aanpakken, *tot.aanpakken]}
        found.append(m.Wijziging(soort="gegeven", onderwerp="volgorde van de aanpakken",
                                 van=", ".join(naam[a] for a in toen),
                                 tot=", ".join(naam[a] for a in nu)))
    return found + plat.rest(plat.bladeren(replace(van, aanpakken=[])),
                             plat.bladeren(replace(tot, aanpakken=[])), GEDEKT)


def _gegevens(view: FactsheetView) -> dict[str, str]:
    return {"naam": view.gemeente, "publicatie": view.publicatie,
            "inwoners": str(view.inwoners),
            "huishoudens met kind": str(view.huishoudens_met_kind),
            "peildatum huishoudens": view.cbs_peildatum,
            "toetsingskader": f"{view.kader_id} {view.kader_versie}",
            "fictief": "ja" if view.fictief else "nee"}


def _namen(*paginas: FactsheetView | None) -> Namen:
    """The wording of indicators and themes; the first page given wins."""
    indicatoren: dict[str, str] = {}
    themas: dict[str, str] = {}
    thema_van: dict[str, str] = {}
    for pagina in reversed([p for p in paginas if p]):
        for a in pagina.aanpakken:
            for t in a.themas:
                themas[t.id] = t.naam
                for i in t.indicatoren:
                    indicatoren[i.id], thema_van[i.id] = i.titel, t.id
    return Namen(indicatoren, themas, thema_van)
