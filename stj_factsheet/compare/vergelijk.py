"""Compare two states of a gemeente (`staat`) and list what a reader sees change.

Both sides are the views the pages are rendered from. What a reviewer reads first is said
in its own terms, in the order of the factsheet: the gemeente's facts; per aanpak its
verdicts (with the indicator's wording), the summary per theme, the findings rows and
their texts word by word, LET OP, the conclusion points; then each follow-up round, its
verdicts now, progress and counts (`ronde`). Whatever else differs between the views (a
kader's wording of an indicator, theme or criterium, a standard text, a title) is said by
`plat.rest`, so a difference of the pages is never left unsaid, and equal views are
"ongewijzigd". A part that does not load on a side is "fout", never new or removed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from stj_factsheet import rules
from stj_factsheet.compare import model as m
from stj_factsheet.compare import plat
from stj_factsheet.compare.staat import GemeenteStaat
from stj_factsheet.compare.tekst import Tekst, tekst, woorden
from stj_factsheet.errors import Problem
from stj_factsheet.view.factsheet import AanpakView, BevindingView, ConclusieView

KOLOMMEN = {"goed": "Wat gaat goed?", "beter": "Wat kan beter?"}
_RIJ = ("themas", "*", "criteria", "*", "bevindingen", "*")
GEDEKT_AANPAK = [("naam",), ("aantal_gezinnen",), ("netwerkpartners", "**"), ("beschrijving",),
                 ("themas", "*", "indicatoren", "*", "oordeel"), (*_RIJ, "teksten", "**"),
                 (*_RIJ, "let_op"), (*_RIJ, "criterium_rijen"),
                 (*_RIJ, "indicatoren", "*", "oordelen"), ("conclusies", "*", "goed", "**"),
                 ("conclusies", "*", "beter", "**"), ("conclusies", "*", "afgeleid")]
EENZIJDIG_AANPAK = [("themas", "*", "criteria", "**")]
"""Rows (and the criteria they bring) that come or go: said by `rijen`."""


@dataclass(frozen=True)
class Rij:
    """One row of a findings table: its indicators, each one's verdict as shown, texts."""

    indicatoren: tuple[str, ...]
    oordelen: tuple[tuple[str, str], ...]
    teksten: tuple[Tekst, ...]
    let_op: Tekst | None
    nieuw: bool = False
    """In a follow-up round: judged anew (`nieuw: true`)."""


@dataclass(frozen=True)
class Namen:
    """The wording of indicators and themes as the pages show them (TOT's first)."""

    indicatoren: Mapping[str, str]
    themas: Mapping[str, str]
    thema_van: Mapping[str, str]

    def indicator(self, indicator: str) -> str:
        return self.indicatoren.get(indicator, indicator)

    def thema(self, thema: str) -> str:
        return self.themas.get(thema, thema)


def tekst_wijziging(onderwerp: str, van: Tekst | None, tot: Tekst | None, *,
                    soort: m.Soort = "tekst", indicator: str | None = None,
                    thema: str | None = None, bron: rules.Bron | None = None
                    ) -> list[m.Wijziging]:
    """A text that changed (or came or went), as one item; nothing when it shows alike."""
    if van == tot:
        return []
    return [m.Wijziging(soort=soort, onderwerp=onderwerp, indicator=indicator, thema=thema,
                        bron=bron, van=van.bron if van else None,
                        tot=tot.bron if tot else None,
                        woorden=woorden(van.bron, tot.bron) if van and tot else [])]


def gegevens(van: Mapping[str, str], tot: Mapping[str, str]) -> list[m.Wijziging]:
    return [m.Wijziging(soort="gegeven", onderwerp=key, van=van.get(key), tot=tot.get(key))
            for key in dict.fromkeys([*van, *tot]) if van.get(key) != tot.get(key)]


def samen(van: Sequence[str] | Mapping[str, object], tot: Sequence[str] | Mapping[str, object]
          ) -> list[str]:
    """The keys of both, TOT's order first, then what only VAN had."""
    return list(dict.fromkeys([*tot, *van]))


def status(van: object | None, tot: object | None, changed: bool) -> m.Status:
    if van is None:
        return "nieuw"
    if tot is None:
        return "verwijderd"
    return "gewijzigd" if changed else "ongewijzigd"


def meldingen(problems: Sequence[Problem], kant: m.Kant) -> list[m.Melding]:
    return [m.Melding(kant=kant, bestand=p.path, regel=p.line, kolom=p.column,
                      melding=p.message, hint=p.hint) for p in sorted(problems)]


def fouten_van(sleutel: str, van: GemeenteStaat | None, tot: GemeenteStaat | None
               ) -> list[m.Melding] | None:
    """The errors that make a part not comparable (VAN's, then TOT's), or None."""
    if not ((van and sleutel in van.fouten) or (tot and sleutel in tot.fouten)):
        return None
    return [*meldingen(van.fouten.get(sleutel, []) if van else [], "van"),
            *meldingen(tot.fouten.get(sleutel, []) if tot else [], "tot")]


# --- an aanpak ----------------------------------------------------------------------------


def telling(onderwerp: str, van: rules.Telling | None, tot: rules.Telling | None,
            thema: str | None = None) -> list[m.Wijziging]:
    if van == tot:
        return []
    return [m.Wijziging(soort="telling", onderwerp=onderwerp, thema=thema,
                        aantallen_van=dict(van.delen()) if van else None,
                        aantallen_tot=dict(tot.delen()) if tot else None)]


def aanpak(slug: str, van: AanpakView | None, tot: AanpakView | None,
           namen: Namen) -> m.AanpakVerschil | None:
    if van is None or tot is None:
        view = van or tot
        assert view is not None
        wijzigingen = [w for t in view.themas for w in telling(
            t.naam, t.telling if van else None, t.telling if tot else None, t.id)]
        return m.AanpakVerschil(id=slug, naam=view.naam, status=status(van, tot, True),
                                wijzigingen=wijzigingen, fouten=[])
    found = gegevens(_aanpak_gegevens(van), _aanpak_gegevens(tot))
    found += tekst_wijziging("beschrijving", Tekst(van.beschrijving), Tekst(tot.beschrijving))
    oud, nieuw = _oordelen(van), _oordelen(tot)
    found += list(oordelen(oud, nieuw, namen))
    tellingen_van = {t.id: t.telling for t in van.themas}
    tellingen_tot = {t.id: t.telling for t in tot.themas}
    for thema in samen(tellingen_van, tellingen_tot):
        found += telling(namen.thema(thema), tellingen_van.get(thema), tellingen_tot.get(thema),
                         thema)
    found += list(rijen(_rijen(van), _rijen(tot), oud, nieuw, namen))
    conclusies_van = {c.thema_id: c for c in van.conclusies}
    conclusies_tot = {c.thema_id: c for c in tot.conclusies}
    for thema in samen(conclusies_van, conclusies_tot):
        found += list(_conclusie(thema, conclusies_van.get(thema), conclusies_tot.get(thema),
                                 namen))
    found += plat.rest(plat.bladeren(van), plat.bladeren(tot), GEDEKT_AANPAK,
                       EENZIJDIG_AANPAK)
    if not found:
        return None
    return m.AanpakVerschil(id=slug, naam=tot.naam, status="gewijzigd", wijzigingen=found,
                            fouten=[])


def _aanpak_gegevens(view: AanpakView) -> dict[str, str]:
    return {"naam": view.naam, "aantal gezinnen": str(view.aantal_gezinnen),
            "netwerkpartners": "; ".join(view.netwerkpartners)}


def _oordelen(view: AanpakView) -> dict[str, str]:
    return {i.id: i.oordeel for t in view.themas for i in t.indicatoren}


def oordelen(van: Mapping[str, str], tot: Mapping[str, str], namen: Namen,
             soort: m.Soort = "oordeel") -> Iterator[m.Wijziging]:
    for indicator in samen(van, tot):
        if van.get(indicator) != tot.get(indicator):
            yield m.Wijziging(soort=soort, onderwerp=namen.indicator(indicator),
                              indicator=indicator, thema=namen.thema_van.get(indicator),
                              van=van.get(indicator), tot=tot.get(indicator))


def _rijen(view: AanpakView) -> dict[str, Rij]:
    rows: list[BevindingView] = [b for t in view.themas for c in t.criteria
                                 for b in c.bevindingen]
    return {naam: Rij(tuple(i.id for i in b.indicatoren),
                      tuple((i.id, " en ".join(o.woord for o in i.oordelen))
                            for i in b.indicatoren),
                      tuple(Tekst(t) for t in b.teksten), tekst(b.let_op))
            for naam, b in zip(plat.namen(rows), rows, strict=True)}


def rijen(van: Mapping[str, Rij], tot: Mapping[str, Rij], oordelen_van: Mapping[str, str],
          oordelen_tot: Mapping[str, str], namen: Namen) -> Iterator[m.Wijziging]:
    """The rows of a findings table that changed: how the row is made up (when that is
    not already told by a changed verdict), its texts and its LET OP."""
    for anker in samen(van, tot):
        oud, nieuw = van.get(anker), tot.get(anker)
        if oud == nieuw:
            continue
        rij = nieuw or oud
        assert rij is not None
        eerste = rij.indicatoren[0]
        thema = namen.thema_van.get(eerste)
        onderwerp = namen.indicator(eerste)
        indeling_oud = _indeling(oud) if oud else None
        indeling_nieuw = _indeling(nieuw) if nieuw else None
        verklaard = oud and nieuw and oud.indicatoren == nieuw.indicatoren and any(
            oordelen_van.get(i) != oordelen_tot.get(i) for i in nieuw.indicatoren)
        if indeling_oud != indeling_nieuw and not verklaard:
            yield m.Wijziging(soort="bevinding", onderwerp=onderwerp, indicator=eerste,
                              thema=thema, van=indeling_oud, tot=indeling_nieuw)
        teksten_oud = oud.teksten if oud else ()
        teksten_nieuw = nieuw.teksten if nieuw else ()
        for n in range(max(len(teksten_oud), len(teksten_nieuw))):
            yield from tekst_wijziging(onderwerp, _nth(teksten_oud, n), _nth(teksten_nieuw, n),
                                       indicator=eerste, thema=thema)
        yield from tekst_wijziging(onderwerp, oud.let_op if oud else None,
                                   nieuw.let_op if nieuw else None, soort="let_op",
                                   indicator=eerste, thema=thema)


def _nth(items: Sequence[Tekst], n: int) -> Tekst | None:
    return items[n] if n < len(items) else None


def _indeling(rij: Rij) -> str:
    """How a row is made up, in words: "a: voldoet; b: verbeterpunt; nieuw"."""
    return "; ".join(f"{i}: {woord}" for i, woord in rij.oordelen) + (
        "; nieuw" if rij.nieuw else "")


# --- conclusions --------------------------------------------------------------------------


def _conclusie(thema: str, van: ConclusieView | None, tot: ConclusieView | None,
               namen: Namen) -> Iterator[m.Wijziging]:
    naam = namen.thema(thema)
    if van and tot and van.afgeleid != tot.afgeleid:
        yield m.Wijziging(soort="conclusie", onderwerp=f"{naam}: conclusie", thema=thema,
                          van=_herkomst(van.afgeleid), tot=_herkomst(tot.afgeleid))
    for kolom, titel in KOLOMMEN.items():
        oud = _punten(getattr(van, kolom) if van else [])
        nieuw = _punten(getattr(tot, kolom) if tot else [])
        matcher = difflib.SequenceMatcher(None, oud, nieuw, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            paren = list(zip(oud[i1:i2], nieuw[j1:j2], strict=False)) if (
                i2 - i1 == j2 - j1) else []
            weg = [] if paren else oud[i1:i2]
            erbij = [] if paren else nieuw[j1:j2]
            for a, b in [*paren, *((p, None) for p in weg), *((None, p) for p in erbij)]:
                yield from _punt(f"{naam}: {titel}", thema, a, b)


@dataclass(frozen=True)
class _Punt:
    tekst: Tekst
    indicatoren: tuple[str, ...]
    bron: rules.Bron
    optioneel: bool


def _punten(punten: Sequence[rules.Punt]) -> list[_Punt]:
    return [_Punt(Tekst(p.tekst), tuple(p.indicatoren), p.bron, p.optioneel) for p in punten]


def _herkomst(afgeleid: bool) -> str:
    return "afgeleid uit de oordelen" if afgeleid else "geschreven"


def _punt(onderwerp: str, thema: str, van: _Punt | None, tot: _Punt | None
          ) -> Iterator[m.Wijziging]:
    punt = tot or van
    assert punt is not None
    optioneel = " (optioneel)" if punt.optioneel and punt.bron == "afgeleid" else ""
    found = tekst_wijziging(onderwerp + optioneel, van.tekst if van else None,
                            tot.tekst if tot else None, soort="conclusie", thema=thema,
                            bron=punt.bron)
    if found:
        yield from found
    elif van and tot:  # the same words, about other indicators or marked otherwise
        yield m.Wijziging(soort="conclusie", onderwerp=onderwerp, thema=thema,
                          bron=punt.bron, van=_over(van), tot=_over(tot))


def _over(punt: _Punt) -> str:
    over = f"over {', '.join(punt.indicatoren)}" if punt.indicatoren else "over geen indicator"
    return f"{punt.bron}{', optioneel' if punt.optioneel else ''}, {over}"
