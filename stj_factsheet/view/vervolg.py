"""The view model of a follow-up factsheet: each earlier verbeterpunt, then and now.

"Uitkomsten verbeterpunten toezichtonderzoek <gemeente>": per aanpak a progress summary,
then per theme one row per finding of the follow-up round, with the verdict and text of
the round before it, the verdict and text now, and the progress derived from the verdict
now (`rules.voortgang`).
"""

from __future__ import annotations

from dataclasses import dataclass

from stj_factsheet import rules
from stj_factsheet.model.domain import Bevinding, Vervolgbevinding
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.model.richtext import Markdown
from stj_factsheet.validate.geladen import LoadedGemeente, LoadedRonde, LoadedVervolg
from stj_factsheet.view import teksten
from stj_factsheet.view.factsheet import (
    FICTIEF,
    WOORD,
    Ankers,
    IndicatorView,
    OordeelView,
    fill,
    maand,
    oordeel_views,
)


@dataclass(frozen=True)
class VoortgangView:
    """The progress of one indicator, or of all indicators of a row (`indicator` None)."""

    indicator: str | None
    woord: str
    indicator_id: str | None = None
    """The id of `indicator` (None with it)."""


@dataclass(frozen=True)
class IndicatorOordelen:
    """The verdicts of one indicator of a row, or of all its indicators (`indicator` None)
    when they are the same for each."""

    indicator: str | None
    oordelen: list[OordeelView]
    indicator_id: str | None = None
    """The id of `indicator` (None with it)."""


@dataclass(frozen=True)
class VervolgRij:
    anker: str
    indicatoren: list[IndicatorView]
    nieuw: bool
    toen: list[IndicatorOordelen]
    toen_teksten: list[Markdown]
    nu: list[IndicatorOordelen]
    nu_teksten: list[Markdown]
    let_op: Markdown | None
    voortgang: list[VoortgangView]


@dataclass(frozen=True)
class VervolgThema:
    id: str
    naam: str
    rijen: list[VervolgRij]


@dataclass(frozen=True)
class VervolgAanpak:
    anker: str
    naam: str
    toelichting: Markdown | None
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
    maand_in_zin: str
    publicatie: str
    vorige_maand: str
    uitgever: str
    aanpakken: list[VervolgAanpak]
    kader_id: str
    kader_versie: str
    gegenereerd: str | None
    herkomst: str | None
    fictief: str | None = None

    @property
    def uitleg(self) -> list[str]:
        """The opening paragraphs (Markdown), `teksten.vervolg_uitleg`."""
        return teksten.vervolg_uitleg(self.gemeente, self.ronde, self.vorige,
                                      self.vorige_maand, self.vorige_onderzoek, self.welke)

    @property
    def herkomst_zin(self) -> str:
        return teksten.herkomst(self.herkomst, self.gegenereerd)

    @property
    def colofon(self) -> str:
        return teksten.colofon(self.titel, self.uitgever, self.maand_in_zin, self.kader_id,
                               self.kader_versie, teksten.VOORTGANG_AFGELEID,
                               self.herkomst_zin)


def factsheet(loaded: LoadedGemeente, ronde: LoadedRonde, gegenereerd: str | None = None,
              herkomst: str | None = None) -> VervolgView:
    gemeente = loaded.gemeente
    vervolg = {item.slug: item for item in ronde.aanpakken}
    vorige = next((r.ronde for r in loaded.rondes if r.ronde.ronde == ronde.vorige), None)
    vorige_maand = vorige.publicatie if vorige is not None else gemeente.publicatie
    ankers = Ankers()
    return VervolgView(
        slug=loaded.slug,
        titel=f"Uitkomsten verbeterpunten toezichtonderzoek {gemeente.naam}",
        gemeente=gemeente.naam,
        ronde=ronde.ronde.ronde,
        vorige=ronde.vorige,
        vorige_factsheet=("../factsheet" if ronde.vorige_is_eerste
                          else f"../{ronde.vorige}/factsheet"),
        vorige_onderzoek="toezichtonderzoek" if ronde.vorige_is_eerste else "vervolgonderzoek",
        welke=rules.open_sinds(ronde.vorige, ronde.vorige_is_eerste, meervoud=True),
        maand=maand(ronde.ronde.publicatie, hoofdletter=True),
        maand_in_zin=maand(ronde.ronde.publicatie),
        publicatie=ronde.ronde.publicatie,
        vorige_maand=maand(vorige_maand),
        uitgever=ronde.kader.kader.uitgever,
        aanpakken=[_aanpak(vervolg[item.slug], ronde, gemeente.naam, ankers)
                   if item.slug in vervolg
                   else _zonder_vervolg(item.slug, item.aanpak.naam, ronde)
                   for item in loaded.aanpakken],
        kader_id=ronde.kader.kader.id,
        kader_versie=ronde.kader.kader.versie,
        gegenereerd=gegenereerd,
        herkomst=herkomst,
        fictief=FICTIEF if gemeente.fictief else None,
    )


def telling(item: LoadedVervolg) -> rules.VoortgangTelling:
    return rules.VoortgangTelling.van(item.voortgang().values(),
                                      len(item.nieuwe_verbeterpunten()))


def samenvatting(telling: rules.VoortgangTelling, vorige: str, eerste: bool = True) -> str:
    """"Van de 7 verbeterpunten uit 2013 zijn er 4 opgepakt, is er 1 deels opgepakt en zijn
    er 2 niet opgepakt. Er is 1 nieuw verbeterpunt." After a follow-up (`eerste` False)
    the verbeterpunten are those "die na 2015 nog open stonden"."""
    n = telling.eerder
    enkel = rules.open_sinds(vorige, eerste)
    meer = rules.open_sinds(vorige, eerste, meervoud=True)
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


def _aanpak(item: LoadedVervolg, ronde: LoadedRonde, gemeente: str,
            ankers: Ankers) -> VervolgAanpak:
    index = ronde.kader
    tel = telling(item)
    rows: dict[str, list[VervolgRij]] = {}
    plaatsen = index.plaatsen

    def first(bevinding: Bevinding) -> int:
        return min(plaatsen[i].volgnummer for i in bevinding.indicatoren)

    voortgang = item.voortgang()
    for bevinding in sorted(item.vervolg.bevindingen, key=first):
        thema = plaatsen[bevinding.indicatoren[0]].thema.id
        rows.setdefault(thema, []).append(_row(item, bevinding, voortgang, index, ankers))
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


def _per_indicator(oordelen: dict[str, list[OordeelView]],
                   index: KaderIndex) -> list[IndicatorOordelen]:
    """Once for the row when every indicator has the same verdicts, else per indicator."""
    if len({tuple(views) for views in oordelen.values()}) == 1:
        return [IndicatorOordelen(None, next(iter(oordelen.values())))]
    return [IndicatorOordelen(index.plaatsen[i].indicator.tekst, views, i)
            for i, views in oordelen.items()]


def _teksten(bevinding: Bevinding, indicator: str) -> list[str]:
    """The texts of a finding that speak about `indicator`."""
    return [t for t in [bevinding.tekst, *(o.tekst for o in bevinding.alle_oordelen
                                           if not o.indicatoren or indicator in o.indicatoren)]
            if t]


def _row(item: LoadedVervolg, bevinding: Vervolgbevinding,
         voortgang: dict[str, rules.Voortgang], index: KaderIndex,
         ankers: Ankers) -> VervolgRij:
    plaatsen = index.plaatsen
    ids = sorted(bevinding.indicatoren, key=lambda i: plaatsen[i].volgnummer)
    toen_teksten: list[str] = []
    for i in ids:
        if i in item.eerder:
            toen_teksten += [t for t in _teksten(item.eerder[i], i) if t not in toen_teksten]
    nu = rules.oordelen_per_indicator([bevinding])
    nu_woord = rules.beoordeeld([bevinding])
    if bevinding.nieuw:
        woorden = {i: "nieuw verbeterpunt" if rules.is_verbeterpunt(nu_woord[i])
                   else f"opnieuw beoordeeld: {WOORD[nu_woord[i]]}"  # type: ignore[index]
                   for i in ids}
    else:
        woorden = {i: voortgang[i] for i in ids}
    distinct = list(dict.fromkeys(woorden.values()))
    return VervolgRij(
        anker=ankers.anker(f"{item.slug}-{ids[0].replace('.', '-')}"),
        indicatoren=[IndicatorView(i, plaatsen[i].indicator.tekst) for i in ids],
        nieuw=bevinding.nieuw,
        toen=_per_indicator({i: oordeel_views(rules.uitgesplitst(item.stand_voor.get(i, "geen")))
                             for i in ids}, index),
        toen_teksten=toen_teksten,
        nu=_per_indicator({i: oordeel_views(w for w, _ in nu.get(i, ())) for i in ids}, index),
        nu_teksten=[t for t in [bevinding.tekst, *(o.tekst for o in bevinding.alle_oordelen)]
                    if t],
        let_op=bevinding.let_op,
        voortgang=([VoortgangView(None, distinct[0])] if len(distinct) == 1 else
                   [VoortgangView(plaatsen[i].indicator.tekst, woorden[i], i) for i in ids]),
    )
