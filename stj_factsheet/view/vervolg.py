"""The view model of a follow-up factsheet: each earlier verbeterpunt, then and now.

"Uitkomsten verbeterpunten toezichtonderzoek <gemeente>": per aanpak a progress summary,
then per theme one row per finding of the follow-up round, with the verdict and text of
the round before it, the verdict and text now, and the progress derived from the verdict
now (`rules.voortgang`).
"""

from __future__ import annotations

from dataclasses import dataclass

from stj_factsheet.model.domain import Bevinding, OordeelWaarde, Vervolgbevinding
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.rules import verdicts as rules
from stj_factsheet.validate import rondes
from stj_factsheet.validate.project import LoadedGemeente
from stj_factsheet.validate.rondes import LoadedRonde, LoadedVervolg
from stj_factsheet.view.factsheet import (
    FICTIEF,
    SYMBOOL,
    WOORD,
    IndicatorView,
    OordeelView,
    fill,
    maand,
)


@dataclass(frozen=True)
class Voortgang:
    """The progress of one indicator, or of all indicators of a row (`indicator` None)."""

    indicator: str | None
    woord: str


@dataclass(frozen=True)
class VervolgRij:
    anker: str
    indicatoren: list[IndicatorView]
    nieuw: bool
    toen: list[OordeelView]
    toen_teksten: list[str]
    nu: list[OordeelView]
    nu_teksten: list[str]
    let_op: str | None
    voortgang: list[Voortgang]


@dataclass(frozen=True)
class VervolgThema:
    id: str
    naam: str
    rijen: list[VervolgRij]


@dataclass(frozen=True)
class VervolgAanpak:
    anker: str
    naam: str
    toelichting: str | None
    telling: rules.VoortgangTelling
    samenvatting: str
    themas: list[VervolgThema]


@dataclass(frozen=True)
class VervolgView:
    slug: str
    titel: str
    gemeente: str
    ronde: str
    vorige: str
    vorige_factsheet: str
    """The previous round's factsheet, relative, without extension."""
    vorige_onderzoek: str
    """"toezichtonderzoek" (the first round) or "vervolgonderzoek"."""
    welke: str
    """Which verbeterpunten it follows up: "uit 2013" or "die na 2015 nog open stonden"."""
    maand: str
    vorige_maand: str
    uitgever: str
    aanpakken: list[VervolgAanpak]
    kader_id: str
    kader_versie: str
    gegenereerd: str | None
    herkomst: str | None
    fictief: str | None = None


def factsheet(loaded: LoadedGemeente, ronde: LoadedRonde, gegenereerd: str | None = None,
              herkomst: str | None = None) -> VervolgView:
    gemeente = loaded.gemeente
    vervolg = {item.slug: item for item in ronde.aanpakken}
    vorige = next((r.ronde for r in loaded.rondes if r.ronde.ronde == ronde.vorige), None)
    vorige_maand = vorige.publicatie if vorige is not None else gemeente.publicatie
    return VervolgView(
        slug=loaded.slug,
        titel=f"Uitkomsten verbeterpunten toezichtonderzoek {gemeente.naam}",
        gemeente=gemeente.naam,
        ronde=ronde.ronde.ronde,
        vorige=ronde.vorige,
        vorige_factsheet=("../factsheet" if ronde.vorige_is_eerste
                          else f"../{ronde.vorige}/factsheet"),
        vorige_onderzoek="toezichtonderzoek" if ronde.vorige_is_eerste else "vervolgonderzoek",
        welke=rondes.herkomst(ronde.vorige, ronde.vorige_is_eerste, meervoud=True),
        maand=maand(ronde.ronde.publicatie, hoofdletter=True),
        vorige_maand=maand(vorige_maand),
        uitgever=ronde.kader.kader.uitgever,
        aanpakken=[_aanpak(vervolg[item.slug], ronde, gemeente.naam) if item.slug in vervolg
                   else _zonder_vervolg(item.slug, item.aanpak.naam, ronde)
                   for item in loaded.aanpakken],
        kader_id=ronde.kader.kader.id,
        kader_versie=ronde.kader.kader.versie,
        gegenereerd=gegenereerd,
        herkomst=herkomst,
        fictief=FICTIEF if gemeente.fictief else None,
    )


def telling(item: LoadedVervolg) -> rules.VoortgangTelling:
    return rules.VoortgangTelling.van(rondes.voortgang(item).values(),
                                      len(rondes.nieuwe_verbeterpunten(item)))


def samenvatting(telling: rules.VoortgangTelling, vorige: str, eerste: bool = True) -> str:
    """"Van de 7 verbeterpunten uit 2013 zijn er 4 opgepakt, is er 1 deels opgepakt en zijn
    er 2 niet opgepakt. Er is 1 nieuw verbeterpunt." After a follow-up (`eerste` False)
    the verbeterpunten are those "die na 2015 nog open stonden"."""
    n = telling.eerder
    enkel = rondes.herkomst(vorige, eerste)
    meer = rondes.herkomst(vorige, eerste, meervoud=True)
    alle = "Beide" if n == 2 else f"Alle {n}"
    geen_van = "Geen van beide" if n == 2 else f"Geen van de {n}"
    delen = [(aantal, woord) for woord, aantal in telling.delen() if aantal]
    if n == 0:
        zin = f"Deze aanpak had na {vorige} geen open verbeterpunten."
    elif n == 1:
        zin = f"Het verbeterpunt {enkel} is {delen[0][1]}."
    elif len(delen) == 1 and delen[0][1].startswith("niet "):
        zin = f"{geen_van} verbeterpunten {meer} is {delen[0][1].removeprefix('niet ')}."
    elif len(delen) == 1:
        zin = f"{alle} verbeterpunten {meer} zijn {delen[0][1]}."
    else:
        opsomming = [f"{'is' if aantal == 1 else 'zijn'} er {aantal} {woord}"
                     for aantal, woord in delen]
        lijst = ", ".join(opsomming[:-1]) + " en " + opsomming[-1]
        zin = f"Van de {n} verbeterpunten {meer} {lijst}."
    if telling.nieuw:
        zin += (" Er is 1 nieuw verbeterpunt." if telling.nieuw == 1
                else f" Er zijn {telling.nieuw} nieuwe verbeterpunten.")
    return zin


def _aanpak(item: LoadedVervolg, ronde: LoadedRonde, gemeente: str) -> VervolgAanpak:
    index = ronde.kader
    tel = telling(item)
    rows: dict[str, list[VervolgRij]] = {}
    plaatsen = index.plaatsen

    def first(bevinding: Bevinding) -> int:
        return min(plaatsen[i].volgnummer for i in bevinding.indicatoren)

    voortgang = rondes.voortgang(item)
    for bevinding in sorted(item.vervolg.bevindingen, key=first):
        thema = plaatsen[bevinding.indicatoren[0]].thema.id
        rows.setdefault(thema, []).append(_row(item, bevinding, voortgang, index))
    return VervolgAanpak(
        anker=item.slug,
        naam=item.naam,
        toelichting=fill(item.vervolg.toelichting, gemeente) if item.vervolg.toelichting
        else None,
        telling=tel,
        samenvatting=samenvatting(tel, ronde.vorige, ronde.vorige_is_eerste),
        themas=[VervolgThema(t.id, t.naam, rows[t.id]) for t in index.kader.themas
                if t.id in rows],
    )


def _zonder_vervolg(slug: str, naam: str, ronde: LoadedRonde) -> VervolgAanpak:
    """An aanpak that had nothing left to follow up in this round."""
    tel = rules.VoortgangTelling()
    return VervolgAanpak(slug, naam, None, tel, samenvatting(tel, ronde.vorige), [])


def _oordelen(waarden: set[OordeelWaarde]) -> list[OordeelView]:
    order: tuple[OordeelWaarde, ...] = ("voldoet", "verbeterpunt")
    shown: list[OordeelWaarde] = [w for w in order if w in waarden] or ["geen"]
    return [OordeelView(w, SYMBOOL[w], WOORD[w]) for w in shown]


def _teksten(bevinding: Bevinding, indicator: str) -> list[str]:
    """The texts of a finding that speak about `indicator`."""
    return [t for t in [bevinding.tekst, *(o.tekst for o in bevinding.alle_oordelen
                                           if not o.indicatoren or indicator in o.indicatoren)]
            if t]


def _row(item: LoadedVervolg, bevinding: Vervolgbevinding,
         voortgang: dict[str, rules.Voortgang], index: KaderIndex) -> VervolgRij:
    plaatsen = index.plaatsen
    ids = sorted(bevinding.indicatoren, key=lambda i: plaatsen[i].volgnummer)
    toen: set[OordeelWaarde] = set()
    for i in ids:
        toen |= rules.uitgesplitst(item.stand_voor.get(i, "geen"))
    toen_teksten: list[str] = []
    for i in ids:
        if i in item.eerder:
            toen_teksten += [t for t in _teksten(item.eerder[i], i) if t not in toen_teksten]
    nu = {o.oordeel for o in bevinding.alle_oordelen}
    nu_woord = rules.beoordeeld([bevinding])
    if bevinding.nieuw:
        woorden = {i: "nieuw verbeterpunt" if rules.is_verbeterpunt(nu_woord[i])
                   else f"opnieuw beoordeeld: {WOORD[nu_woord[i]]}"  # type: ignore[index]
                   for i in ids}
    else:
        woorden = {i: voortgang[i] for i in ids}
    distinct = list(dict.fromkeys(woorden.values()))
    return VervolgRij(
        anker=f"{item.slug}-{ids[0].replace('.', '-')}",
        indicatoren=[IndicatorView(i, plaatsen[i].indicator.tekst) for i in ids],
        nieuw=bevinding.nieuw,
        toen=_oordelen(toen),
        toen_teksten=toen_teksten,
        nu=_oordelen(nu),
        nu_teksten=[t for t in [bevinding.tekst, *(o.tekst for o in bevinding.alle_oordelen)]
                    if t],
        let_op=bevinding.let_op,
        voortgang=([Voortgang(None, distinct[0])] if len(distinct) == 1 else
                   [Voortgang(plaatsen[i].indicator.tekst, woorden[i]) for i in ids]),
    )
