"""Compare two states of a gemeente (`diff_staat`) and list what a citizen sees change.

Each function takes the state in VAN and in TOT (None where it does not exist) and returns
the changes as `diff_model` items, in the order of the factsheet: the gemeente's facts,
then per aanpak the verdicts (with the indicator's wording), the summary per theme, the
findings rows and their texts (word by word), LET OP, the conclusion points; then the
follow-up rounds. Something that is equal on both sides is never listed, so no items
means no change in the publication.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence

from stj_factsheet import rules
from stj_factsheet.compare import model as m
from stj_factsheet.compare.staat import (
    AanpakStaat,
    ConclusieStaat,
    GemeenteStaat,
    GetoondPunt,
    Rij,
    RondeStaat,
    Tekst,
    VervolgStaat,
)
from stj_factsheet.model.kader import KaderIndex

KOLOMMEN = {"goed": "Wat gaat goed?", "beter": "Wat kan beter?"}
ALINEA = "¶"
"""A paragraph break, as a word of its own in a word diff."""
_WOORD = re.compile(r"\n[ \t]*\n\s*|\S+")


def woorden(van: str, tot: str) -> list[m.Stuk]:
    """The word diff of two texts: the words kept, removed and added, in order."""
    a, b = _woorden(van), _woorden(tot)
    stukken: list[m.Stuk] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b,
                                                       autojunk=False).get_opcodes():
        if tag == "equal":
            stukken.append(m.Stuk(soort="gelijk", tekst=" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            stukken.append(m.Stuk(soort="weg", tekst=" ".join(a[i1:i2])))
        if j2 > j1:
            stukken.append(m.Stuk(soort="erbij", tekst=" ".join(b[j1:j2])))
    return stukken


def _woorden(text: str) -> list[str]:
    return [ALINEA if word[0].isspace() else word for word in _WOORD.findall(text.strip())]


def tekst(onderwerp: str, van: Tekst | None, tot: Tekst | None, *,
          soort: m.Soort = "tekst", indicator: str | None = None, thema: str | None = None,
          bron: rules.Bron | None = None) -> list[m.Wijziging]:
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


class Kaders:
    """The wording of indicators and themes, from TOT's kader where it has them."""

    def __init__(self, *indexen: KaderIndex | None) -> None:
        self.indexen = [i for i in indexen if i is not None]

    def indicator(self, indicator: str) -> str:
        for index in self.indexen:
            if indicator in index.plaatsen:
                return index.plaatsen[indicator].indicator.tekst
        return indicator

    def thema(self, thema: str) -> str:
        for index in self.indexen:
            if thema in index.themas:
                return index.themas[thema].naam
        return thema

    def thema_van(self, indicator: str) -> str | None:
        for index in self.indexen:
            if indicator in index.plaatsen:
                return index.plaatsen[indicator].thema.id
        return None


# --- a gemeente ---------------------------------------------------------------------------


def gemeente(slug: str, van: GemeenteStaat | None, tot: GemeenteStaat | None,
             bestanden: list[str], fouten: list[m.Melding], fouten_van: int,
             ) -> m.GemeenteVerschil:
    kaders = Kaders(tot.kader if tot else None, van.kader if van else None)
    wijzigingen: list[m.Wijziging] = []
    if van and tot:
        wijzigingen = gegevens(van.gegevens, tot.gegevens)
        wijzigingen += tekst("context", van.context, tot.context)
        gedeeld = [a for a in van.aanpakken if a in tot.aanpakken]
        if gedeeld != [a for a in tot.aanpakken if a in van.aanpakken]:
            wijzigingen.append(m.Wijziging(
                soort="gegeven", onderwerp="volgorde van de aanpakken",
                van=", ".join(van.aanpakken[a].naam for a in gedeeld),
                tot=", ".join(tot.aanpakken[a].naam for a in tot.aanpakken if a in gedeeld)))
    aanpakken = [found for a in _samen(van.aanpakken if van else {},
                                       tot.aanpakken if tot else {})
                 if (found := aanpak(a, van.aanpakken.get(a) if van else None,
                                     tot.aanpakken.get(a) if tot else None, kaders))]
    rondes = [gevonden for r in _samen(van.rondes if van else {}, tot.rondes if tot else {})
              if (gevonden := ronde(r, van.rondes.get(r) if van else None,
                                 tot.rondes.get(r) if tot else None, kaders))]
    toestand = status(van, tot, bool(wijzigingen or aanpakken or rondes))
    staat = tot or van
    naam = staat.naam if staat else slug
    return m.GemeenteVerschil(id=slug, naam=naam, status=toestand, bestanden=bestanden,
                              wijzigingen=wijzigingen, aanpakken=aanpakken, rondes=rondes,
                              fouten=fouten, fouten_van=fouten_van)


def _samen(van: Mapping[str, object], tot: Mapping[str, object]) -> list[str]:
    """The keys of both, TOT's order first, then what only VAN had."""
    return list(dict.fromkeys([*tot, *van]))


def status(van: object | None, tot: object | None, changed: bool) -> m.Status:
    if van is None:
        return "nieuw"
    if tot is None:
        return "verwijderd"
    return "gewijzigd" if changed else "ongewijzigd"


def _telling(onderwerp: str, van: rules.Telling | None, tot: rules.Telling | None,
             thema: str | None = None) -> list[m.Wijziging]:
    if van == tot:
        return []
    return [m.Wijziging(soort="telling", onderwerp=onderwerp, thema=thema,
                        aantallen_van=dict(van.delen()) if van else None,
                        aantallen_tot=dict(tot.delen()) if tot else None)]


def aanpak(slug: str, van: AanpakStaat | None, tot: AanpakStaat | None,
           kaders: Kaders) -> m.AanpakVerschil | None:
    if van is None or tot is None:
        staat = van or tot
        assert staat is not None
        wijzigingen = [w for thema, telling in staat.tellingen.items()
                       for w in _telling(kaders.thema(thema), telling if van else None,
                                         telling if tot else None, thema)]
        return m.AanpakVerschil(id=slug, naam=staat.naam, status=status(van, tot, True),
                                wijzigingen=wijzigingen)
    found = gegevens(van.gegevens, tot.gegevens)
    found += tekst("beschrijving", van.beschrijving, tot.beschrijving)
    found += list(_oordelen(van.oordelen, tot.oordelen, kaders))
    for thema in _samen(van.tellingen, tot.tellingen):
        found += _telling(kaders.thema(thema), van.tellingen.get(thema),
                          tot.tellingen.get(thema), thema)
    found += list(rijen(van.rijen, tot.rijen, van.oordelen, tot.oordelen, kaders))
    for thema in _samen(van.conclusies, tot.conclusies):
        found += list(_conclusie(thema, van.conclusies.get(thema), tot.conclusies.get(thema),
                                 kaders))
    if not found:
        return None
    return m.AanpakVerschil(id=slug, naam=tot.naam, status="gewijzigd", wijzigingen=found)


def _oordelen(van: Mapping[str, rules.Samenvatting], tot: Mapping[str, rules.Samenvatting],
              kaders: Kaders, soort: m.Soort = "oordeel") -> Iterator[m.Wijziging]:
    for indicator in _samen(van, tot):
        if van.get(indicator) != tot.get(indicator):
            yield m.Wijziging(soort=soort, onderwerp=kaders.indicator(indicator),
                              indicator=indicator, thema=kaders.thema_van(indicator),
                              van=van.get(indicator), tot=tot.get(indicator))


# --- findings rows ------------------------------------------------------------------------


def rijen(van: Mapping[str, Rij], tot: Mapping[str, Rij], oordelen_van: Mapping[str, str],
          oordelen_tot: Mapping[str, str], kaders: Kaders) -> Iterator[m.Wijziging]:
    """The rows of a findings table that changed: how the row is made up (when that is
    not already told by a changed verdict), its texts and its LET OP."""
    for anker in _samen(van, tot):
        oud, nieuw = van.get(anker), tot.get(anker)
        if oud == nieuw:
            continue
        thema = kaders.thema_van(anker)
        onderwerp = kaders.indicator(anker)
        indeling_oud = _indeling(oud) if oud else None
        indeling_nieuw = _indeling(nieuw) if nieuw else None
        verklaard = oud and nieuw and oud.indicatoren == nieuw.indicatoren and any(
            oordelen_van.get(i) != oordelen_tot.get(i) for i in nieuw.indicatoren)
        if indeling_oud != indeling_nieuw and not verklaard:
            yield m.Wijziging(soort="bevinding", onderwerp=onderwerp, indicator=anker,
                              thema=thema, van=indeling_oud, tot=indeling_nieuw)
        teksten_oud = oud.teksten if oud else ()
        teksten_nieuw = nieuw.teksten if nieuw else ()
        for n in range(max(len(teksten_oud), len(teksten_nieuw))):
            yield from tekst(onderwerp, _nth(teksten_oud, n), _nth(teksten_nieuw, n),
                             indicator=anker, thema=thema)
        yield from tekst(onderwerp, oud.let_op if oud else None,
                         nieuw.let_op if nieuw else None, soort="let_op", indicator=anker,
                         thema=thema)


def _nth(items: Sequence[Tekst], n: int) -> Tekst | None:
    return items[n] if n < len(items) else None


def _indeling(rij: Rij) -> str:
    """How a row is made up, in words: "a, b: voldoet (a), verbeterpunt (b); nieuw"."""
    oordelen = ", ".join(f"{waarde} ({', '.join(ids)})" if ids else waarde
                         for waarde, ids in rij.oordelen)
    return f"{', '.join(rij.indicatoren)}: {oordelen}" + ("; nieuw" if rij.nieuw else "")


# --- conclusions --------------------------------------------------------------------------


def _conclusie(thema: str, van: ConclusieStaat | None, tot: ConclusieStaat | None,
               kaders: Kaders) -> Iterator[m.Wijziging]:
    if van == tot:
        return
    naam = kaders.thema(thema)
    if van and tot and van.afgeleid != tot.afgeleid:
        yield m.Wijziging(soort="conclusie", onderwerp=f"{naam}: conclusie", thema=thema,
                          van=_herkomst(van.afgeleid), tot=_herkomst(tot.afgeleid))
    for kolom, titel in KOLOMMEN.items():
        oud: tuple[GetoondPunt, ...] = getattr(van, kolom) if van else ()
        nieuw: tuple[GetoondPunt, ...] = getattr(tot, kolom) if tot else ()
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


def _herkomst(afgeleid: bool) -> str:
    return "afgeleid uit de oordelen" if afgeleid else "geschreven"


def _punt(onderwerp: str, thema: str, van: GetoondPunt | None, tot: GetoondPunt | None
          ) -> Iterator[m.Wijziging]:
    punt = tot or van
    assert punt is not None
    optioneel = " (optioneel)" if punt.optioneel and punt.bron == "afgeleid" else ""
    found = tekst(onderwerp + optioneel, van.tekst if van else None,
                  tot.tekst if tot else None,
                  soort="conclusie", thema=thema, bron=punt.bron)
    if found:
        yield from found
    elif van and tot:  # the same words, about other indicators or marked otherwise
        yield m.Wijziging(soort="conclusie", onderwerp=onderwerp, thema=thema,
                          bron=punt.bron, van=_over(van), tot=_over(tot))


def _over(punt: GetoondPunt) -> str:
    over = f"over {', '.join(punt.indicatoren)}" if punt.indicatoren else "over geen indicator"
    return f"{punt.bron}{', optioneel' if punt.optioneel else ''}, {over}"


# --- follow-up rounds ---------------------------------------------------------------------


def ronde(naam: str, van: RondeStaat | None, tot: RondeStaat | None,
          kaders: Kaders) -> m.RondeVerschil | None:
    found = gegevens(van.gegevens, tot.gegevens) if van and tot else []
    aanpakken = [a for slug in _samen(van.aanpakken if van else {},
                                      tot.aanpakken if tot else {})
                 if (a := _vervolg(slug, van.aanpakken.get(slug) if van else None,
                                   tot.aanpakken.get(slug) if tot else None, kaders))]
    if van and tot and not found and not aanpakken:
        return None
    return m.RondeVerschil(ronde=naam, status=status(van, tot, True), wijzigingen=found,
                           aanpakken=aanpakken)


def _vervolg(slug: str, van: VervolgStaat | None, tot: VervolgStaat | None,
             kaders: Kaders) -> m.AanpakVerschil | None:
    if van == tot:
        return None
    naam = (tot or van).naam  # type: ignore[union-attr]
    found = _voortgang_telling(van, tot)
    if van and tot:
        found += tekst("toelichting", van.toelichting, tot.toelichting)
        found += list(_oordelen(van.nu, tot.nu, kaders))
        for indicator in _samen(van.voortgang, tot.voortgang):
            if van.voortgang.get(indicator) != tot.voortgang.get(indicator):
                found.append(m.Wijziging(
                    soort="voortgang", onderwerp=kaders.indicator(indicator),
                    indicator=indicator, thema=kaders.thema_van(indicator),
                    van=van.voortgang.get(indicator), tot=tot.voortgang.get(indicator)))
        found += list(rijen(van.rijen, tot.rijen, van.nu, tot.nu, kaders))
    return m.AanpakVerschil(id=slug, naam=naam, status=status(van, tot, True),
                            wijzigingen=found)


def _voortgang_telling(van: VervolgStaat | None, tot: VervolgStaat | None
                       ) -> list[m.Wijziging]:
    def aantallen(staat: VervolgStaat | None) -> dict[str, int] | None:
        if staat is None:
            return None
        return {**dict(staat.telling.delen()), "nieuw": staat.telling.nieuw}

    if van and tot and van.telling == tot.telling:
        return []
    return [m.Wijziging(soort="telling", onderwerp="voortgang",
                        aantallen_van=aantallen(van), aantallen_tot=aantallen(tot))]
