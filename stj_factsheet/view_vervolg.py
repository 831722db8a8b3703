"""The view model of a follow-up factsheet: each earlier verbeterpunt, then and now.

"Uitkomsten verbeterpunten toezichtonderzoek <gemeente>": per aanpak a progress summary,
then per theme one row per finding of the follow-up round, with the verdict and text of
the round before it, the verdict and text now, and the progress derived from the verdict
now (`rules.voortgang`).
"""

from __future__ import annotations

from dataclasses import dataclass

from stj_factsheet import rondes, rules
from stj_factsheet.kader import KaderIndex
from stj_factsheet.models import Bevinding, OordeelWaarde, Vervolgbevinding
from stj_factsheet.project import LoadedGemeente
from stj_factsheet.rondes import LoadedRonde, LoadedVervolg
from stj_factsheet.view import SYMBOOL, WOORD, IndicatorView, OordeelView, fill, maand


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
    maand: str
    vorige_maand: str
    uitgever: str
    aanpakken: list[VervolgAanpak]
    kader_id: str
    kader_versie: str
    gegenereerd: str | None
    herkomst: str | None


def factsheet(loaded: LoadedGemeente, ronde: LoadedRonde, gegenereerd: str | None = None,
              herkomst: str | None = None) -> VervolgView:
    gemeente = loaded.gemeente
    vorige = next((r.ronde for r in loaded.rondes if r.ronde.ronde == ronde.vorige), None)
    vorige_maand = vorige.publicatie if vorige is not None else gemeente.publicatie
    return VervolgView(
        slug=loaded.slug,
        titel=f"Uitkomsten verbeterpunten toezichtonderzoek {gemeente.naam}",
        gemeente=gemeente.naam,
        ronde=ronde.ronde.ronde,
        vorige=ronde.vorige,
        maand=maand(ronde.ronde.publicatie, hoofdletter=True),
        vorige_maand=maand(vorige_maand),
        uitgever=ronde.kader.kader.uitgever,
        aanpakken=[_aanpak(item, ronde, gemeente.naam) for item in ronde.aanpakken],
        kader_id=ronde.kader.kader.id,
        kader_versie=ronde.kader.kader.versie,
        gegenereerd=gegenereerd,
        herkomst=herkomst,
    )


def telling(item: LoadedVervolg) -> rules.VoortgangTelling:
    nu = rules.beoordeeld(item.vervolg.bevindingen)
    nieuw = sum(1 for b in item.vervolg.bevindingen if b.nieuw for i in b.indicatoren
                if rules.is_verbeterpunt(nu[i]))
    return rules.VoortgangTelling.van(rondes.voortgang(item).values(), nieuw)


def samenvatting(telling: rules.VoortgangTelling, vorige: str) -> str:
    """"Van de 7 verbeterpunten uit 2013 zijn er 4 opgepakt, 1 deels opgepakt en 2 niet
    opgepakt. Er is 1 nieuw verbeterpunt.\""""
    delen = [(aantal, woord) for woord, aantal in telling.delen() if aantal]
    if telling.eerder == 0:
        zin = f"Deze aanpak had na {vorige} geen open verbeterpunten."
    elif telling.eerder == 1:
        zin = f"Het verbeterpunt uit {vorige} is {delen[0][1]}."
    elif len(delen) == 1:
        zin = f"Alle {telling.eerder} verbeterpunten uit {vorige} zijn {delen[0][1]}."
    else:
        opsomming = [f"{aantal} {woord}" for aantal, woord in delen]
        lijst = ", ".join(opsomming[:-1]) + " en " + opsomming[-1]
        werkwoord = "is" if delen[0][0] == 1 else "zijn"
        zin = f"Van de {telling.eerder} verbeterpunten uit {vorige} {werkwoord} er {lijst}."
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
        samenvatting=samenvatting(tel, ronde.vorige),
        themas=[VervolgThema(t.id, t.naam, rows[t.id]) for t in index.kader.themas
                if t.id in rows],
    )


def _oordelen(waarden: set[OordeelWaarde]) -> list[OordeelView]:
    shown = [w for w in ("voldoet", "verbeterpunt") if w in waarden] or ["geen"]
    return [OordeelView(w, SYMBOOL[w], WOORD[w]) for w in shown]  # type: ignore[index]


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
        was = item.stand_voor.get(i, "geen")
        toen |= {"voldoet", "verbeterpunt"} if was == "gemengd" else {was}  # type: ignore[arg-type]
    toen_teksten: list[str] = []
    for i in ids:
        if i in item.eerder:
            toen_teksten += [t for t in _teksten(item.eerder[i], i) if t not in toen_teksten]
    nu = {o.oordeel for o in bevinding.alle_oordelen}
    nu_woord = rules.beoordeeld([bevinding])
    if bevinding.nieuw:
        woorden = {i: "nieuw verbeterpunt" if rules.is_verbeterpunt(nu_woord[i])
                   else f"opnieuw beoordeeld, {WOORD[nu_woord[i]]}"  # type: ignore[index]
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
