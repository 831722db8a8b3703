"""The national figures on both sides of `stj diff`, and what moves in them.

Counted over every gemeente, as the overview counts them (`rules.landelijk`). A gemeente
that does not load on a side counts on neither (`niet_geteld`): its figures would
otherwise seem to leave the overview, where the build would keep yesterday's. The
overview's wording from the kader (an indicator, a theme, the version) is compared too.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from stj_factsheet.compare import model as m
from stj_factsheet.compare import plat
from stj_factsheet.compare.tekst import Tekst
from stj_factsheet.compare.vergelijk import tekst_wijziging
from stj_factsheet.rules import landelijk

WAT_OPVALT = "Wat opvalt"
PAAR = 0.5
"""How alike a removed and an added sentence must be (share of words) to be shown as one
sentence that changed."""


def verschil(kader_id: str, oud: landelijk.KaderOverzicht, nieuw: landelijk.KaderOverzicht,
             niet_geteld: list[m.NietGeteld]) -> m.LandelijkVerschil | None:
    """What moves in one kader's overview, or None when nothing does."""
    indicatoren = list(_cijfers(oud, nieuw))
    veranderd = zinnen(oud.zinnen, nieuw.zinnen)
    teksten = plat.rest(plat.bladeren(_wording(oud)), plat.bladeren(_wording(nieuw)), [])
    if not (indicatoren or veranderd or teksten or niet_geteld
            or len(oud.rijen) != len(nieuw.rijen)
            or oud.aantal_gemeenten != nieuw.aantal_gemeenten):
        return None
    return m.LandelijkVerschil(
        kader=kader_id, niet_geteld=niet_geteld, aanpakken_van=len(oud.rijen),
        aanpakken_tot=len(nieuw.rijen), gemeenten_van=oud.aantal_gemeenten,
        gemeenten_tot=nieuw.aantal_gemeenten, indicatoren=indicatoren, zinnen=veranderd,
        teksten=teksten)


def _wording(overzicht: landelijk.KaderOverzicht) -> dict[str, object]:
    """What the overview shows of its kader: the version, each theme's name and each
    indicator's wording."""
    return {"versie": overzicht.kader_versie,
            "themas": {str(n): {"naam": t.naam, "indicatoren": {c.id: {"tekst": c.tekst}
                                                                for c in t.indicatoren}}
                       for n, t in enumerate(overzicht.themas, start=1)}}


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
    result = [w for i, zin in enumerate(weg) for w in tekst_wijziging(
        WAT_OPVALT, Tekst(zin), Tekst(erbij[paar[i]]) if i in paar else None)]
    return result + [w for j, zin in enumerate(erbij) if j not in paar.values()
                     for w in tekst_wijziging(WAT_OPVALT, None, Tekst(zin))]


def _gelijkenis(a: str, b: str) -> float:
    """The share of words two sentences have in common, counts left out."""
    def woorden(zin: str) -> list[str]:
        return ["#" if any(c.isdigit() for c in w) else w for w in zin.split()]

    return difflib.SequenceMatcher(None, woorden(a), woorden(b)).ratio()
