"""Compare the follow-up rounds of a gemeente as their pages show them (`view.vervolg`).

Per round: its facts (publication, kader, which round it follows up), then per aanpak the
progress counts, the explanation, the verdict now and the progress of every indicator,
and the rows with their texts; whatever else differs on the round's page (the verdict and
finding of then, a kader's wording) by `plat.rest`. A round, or an aanpak in it, that does
not load on a side is "fout".
"""

from __future__ import annotations

from dataclasses import replace

from stj_factsheet import rules
from stj_factsheet.compare import model as m
from stj_factsheet.compare import plat
from stj_factsheet.compare.staat import GemeenteStaat, deel
from stj_factsheet.compare.tekst import Tekst, tekst
from stj_factsheet.compare.vergelijk import (
    Namen,
    Rij,
    fouten_van,
    gegevens,
    oordelen,
    rijen,
    samen,
    status,
    tekst_wijziging,
)
from stj_factsheet.view.vervolg import IndicatorOordelen, VervolgAanpak, VervolgRij, VervolgView

GEDEKT_RONDE = [(f,) for f in ("gemeente", "ronde", "publicatie", "maand", "maand_in_zin",
                               "kader_id", "kader_versie", "vorige")]
_RIJ = ("themas", "*", "rijen", "*")
GEDEKT_AANPAK = [("naam",), ("toelichting",), ("telling", "**"), ("samenvatting",),
                 (*_RIJ, "nu", "**"), (*_RIJ, "nu_teksten", "**"), (*_RIJ, "let_op"),
                 (*_RIJ, "voortgang", "**"), (*_RIJ, "nieuw"),
                 (*_RIJ, "indicatoren", "*", "id")]
EENZIJDIG_AANPAK = [("themas", "**")]
"""Rows that come or go: said by `rijen`."""


def rondes(van: GemeenteStaat | None, tot: GemeenteStaat | None,
           namen: Namen) -> list[m.RondeVerschil]:
    """The rounds that changed, or that do not load on a side, in order."""
    def namen_van(staat: GemeenteStaat | None) -> list[str]:
        if staat is None:
            return []
        return [*staat.rondes, *(k.split("/")[0] for k in staat.fouten if "/" in k)]

    result = []
    for naam in samen(namen_van(van), namen_van(tot)):
        fout = fouten_van(deel(naam), van, tot)
        if fout is not None:
            result.append(m.RondeVerschil(ronde=naam, status="fout", wijzigingen=[],
                                          aanpakken=[], fouten=fout))
        elif found := ronde(naam, van, tot, namen):
            result.append(found)
    return result


def verandert(ronde: m.RondeVerschil) -> bool:
    """Whether something comparable of the round changes: the round comes or goes, its
    facts change, or an aanpak in it that could be compared."""
    return ronde.status in ("nieuw", "verwijderd") or bool(ronde.wijzigingen) or any(
        a.status != "fout" for a in ronde.aanpakken)


def ronde(naam: str, van: GemeenteStaat | None, tot: GemeenteStaat | None,
          namen: Namen) -> m.RondeVerschil | None:
    a = van.rondes.get(naam) if van else None
    b = tot.rondes.get(naam) if tot else None
    found = []
    if a and b:
        found = gegevens(_gegevens(a), _gegevens(b))
        found += plat.rest(plat.bladeren(_kaal(a)), plat.bladeren(_kaal(b)), GEDEKT_RONDE)
    aanpakken = []
    for slug in samen([x.anker for x in a.aanpakken] if a else [],
                      [x.anker for x in b.aanpakken] if b else []):
        fout = fouten_van(deel(naam, slug), van, tot)
        oud, nieuw = _aanpak(a, slug), _aanpak(b, slug)
        if fout is not None:
            aanpakken.append(m.AanpakVerschil(id=slug, naam=(nieuw or oud).naam,  # type: ignore[union-attr]
                                              status="fout", wijzigingen=[], fouten=fout))
        elif verschil := _vervolg(slug, oud, nieuw, namen):
            aanpakken.append(verschil)
    if a and b and not found and not aanpakken:
        return None
    toestand: m.Status = "fout" if any(x.status == "fout" for x in aanpakken) else status(
        a, b, bool(found or aanpakken))
    return m.RondeVerschil(ronde=naam, status=toestand, wijzigingen=found,
                           aanpakken=aanpakken, fouten=[])


def _kaal(view: VervolgView) -> VervolgView:
    return replace(view, aanpakken=[])


def _aanpak(view: VervolgView | None, slug: str) -> VervolgAanpak | None:
    return next((a for a in view.aanpakken if a.anker == slug), None) if view else None


def _gegevens(view: VervolgView) -> dict[str, str]:
    return {"publicatie": view.publicatie,
            "toetsingskader": f"{view.kader_id} {view.kader_versie}", "volgt op": view.vorige}


def _vervolg(slug: str, van: VervolgAanpak | None, tot: VervolgAanpak | None,
             namen: Namen) -> m.AanpakVerschil | None:
    if van == tot:
        return None
    view = tot or van
    assert view is not None
    found = _telling(van, tot)
    if van and tot:
        eigen = Namen({**namen.indicatoren, **_indicatoren(van), **_indicatoren(tot)},
                      namen.themas, {**namen.thema_van, **_thema_van(van), **_thema_van(tot)})
        found += tekst_wijziging("toelichting", tekst(van.toelichting), tekst(tot.toelichting))
        rijen_van, rijen_tot = _rijen(van), _rijen(tot)
        nu_van, nu_tot = _per_indicator(rijen_van), _per_indicator(rijen_tot)
        found += list(oordelen(nu_van, nu_tot, eigen))
        found += list(oordelen(_voortgang(van), _voortgang(tot), eigen, soort="voortgang"))
        found += list(rijen(rijen_van, rijen_tot, nu_van, nu_tot, eigen))
        found += plat.rest(plat.bladeren(van), plat.bladeren(tot), GEDEKT_AANPAK,
                           EENZIJDIG_AANPAK)
    if van and tot and not found:
        return None
    return m.AanpakVerschil(id=slug, naam=view.naam, status=status(van, tot, True),
                            wijzigingen=found, fouten=[])


def _telling(van: VervolgAanpak | None, tot: VervolgAanpak | None) -> list[m.Wijziging]:
    def aantallen(view: VervolgAanpak | None) -> dict[str, int] | None:
        if view is None:
            return None
        return {**dict(view.telling.delen()), "nieuw": view.telling.nieuw}

    if van and tot and van.telling == tot.telling:
        return []
    return [m.Wijziging(soort="telling", onderwerp="voortgang",
                        aantallen_van=aantallen(van), aantallen_tot=aantallen(tot))]


def _alle_rijen(view: VervolgAanpak) -> list[VervolgRij]:
    return [r for t in view.themas for r in t.rijen]


def _indicatoren(view: VervolgAanpak) -> dict[str, str]:
    return {i.id: i.tekst for r in _alle_rijen(view) for i in r.indicatoren}


def _thema_van(view: VervolgAanpak) -> dict[str, str]:
    return {i.id: t.id for t in view.themas for r in t.rijen for i in r.indicatoren}


def _woord(groep: IndicatorOordelen) -> str:
    return rules.samenvatting({o.waarde for o in groep.oordelen})


def _rijen(view: VervolgAanpak) -> dict[str, Rij]:
    rows = _alle_rijen(view)
    result = {}
    for naam, r in zip(plat.namen(rows), rows, strict=True):
        ids = tuple(i.id for i in r.indicatoren)
        nu = {i: _woord(g) for g in r.nu for i in ([g.indicator_id] if g.indicator_id
                                                   else ids)}
        result[naam] = Rij(ids, tuple((i, nu[i]) for i in ids),
                           tuple(Tekst(t) for t in r.nu_teksten), tekst(r.let_op), r.nieuw)
    return result


def _per_indicator(rows: dict[str, Rij]) -> dict[str, str]:
    return {i: woord for rij in rows.values() for i, woord in rij.oordelen}


def _voortgang(view: VervolgAanpak) -> dict[str, str]:
    return {i: v.woord for r in _alle_rijen(view) for v in r.voortgang
            for i in ([v.indicator_id] if v.indicator_id else [x.id for x in r.indicatoren])}
