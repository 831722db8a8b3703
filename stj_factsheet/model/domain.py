"""The domain as Pydantic models: the kader (framework) and a gemeente with its aanpakken.

Models check shape and types only; what needs the kader (do these indicator ids exist, is
every indicator covered) is checked in `validate`. Every model is strict and forbids
unknown keys, so a typo in a key or YAML turning `yes` into a boolean is an error, never
silently accepted. Field descriptions double as hover help in the JSON Schema.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from stj_factsheet.load.layout import SLUG

INDICATOR_ID = r"^[a-z0-9-]+\.[a-z0-9-]+$"
MAAND = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
PLACEHOLDERS = ("{gemeente}", "{aanpak}")
OPEN = "TODO"
"""What `stj new` writes where an inspector still has to fill something in."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("de tekst is leeg")
    if value.strip() == OPEN:
        raise ValueError(f"nog niet ingevuld ({OPEN})")
    return value


Tekst = Annotated[str, AfterValidator(_not_blank)]
"""Plain text (a name, an indicator): shown as it is in every format; never empty."""


class RichTextField:
    """Marks a text field that holds Markdown (`Opmaak`); `textcheck` finds them by it."""


Opmaak = Annotated[str, AfterValidator(_not_blank), RichTextField()]
"""Text with Markdown (see "Opmaak in teksten" in the README); never empty."""

Slug = Annotated[str, Field(pattern=SLUG)]
IndicatorId = Annotated[str, Field(pattern=INDICATOR_ID)]
Maand = Annotated[str, Field(pattern=MAAND)]

OordeelWaarde = Literal["voldoet", "verbeterpunt", "geen"]
"""voldoet (√), verbeterpunt (X), or geen (the published table shows no mark)."""


OORDEEL_UITLEG = "`voldoet` (√), `verbeterpunt` (X) of `geen` (geen oordeel)."


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _nl(description: str) -> ConfigDict:
    """The Dutch description of a model in the JSON Schema (an editor shows it on hover;
    the docstring, in English, is for the code)."""
    return ConfigDict(json_schema_extra={"description": description})


# --- the kader -------------------------------------------------------------------------


class Indicator(StrictModel):
    id: IndicatorId = Field(description="Stabiele id: `<thema>.<naam>`.")
    tekst: Tekst = Field(description="De indicator zoals gepubliceerd.")
    ontkenning: Tekst | None = Field(
        default=None, description="De indicator ontkend, passend na `Bij 2 van de 3 "
        "aanpakken …`, bijv. `is de doorzettingsmacht niet geregeld` (landelijk beeld).")


class Criterium(StrictModel):
    id: IndicatorId = Field(description="Stabiele id: `<thema>.<naam>`.")
    naam: Tekst = Field(description="Het criterium zoals gepubliceerd.")
    indicatoren: list[Indicator] = Field(min_length=1)


class Thema(StrictModel):
    id: Slug
    naam: Tekst = Field(description="Kop boven tabel en conclusie, bijv. `Aanpak`.")
    label: Tekst = Field(description="Naam in de opsomming van thema's, bijv. `De aanpak`.")
    omschrijving: Tekst = Field(description="De regel na de naam in de opsomming.")
    criteria: list[Criterium] = Field(min_length=1)


class Begrip(StrictModel):
    term: Tekst
    uitleg: Tekst


class Definitie(StrictModel):
    tekst: Opmaak = Field(description="De definitie van GGSR (Markdown).")
    begrippen: list[Begrip]


class Teksten(StrictModel):
    """Standard texts every factsheet repeats. Placeholders: {gemeente}, {aanpak}."""

    inleiding: Opmaak
    vragenlijst: Opmaak
    netwerkpartners: Opmaak
    bevindingen_inleiding: Opmaak
    bevindingen_toelichting: Opmaak
    conclusie_inleiding: Opmaak


class Zin(StrictModel):
    """One sentence of the kader's conclusiezinnen, with where it comes from."""

    tekst: Opmaak = Field(description="De zin; plaatshouder: alleen {gemeente}.")
    bron: Literal["gepubliceerd", "nieuw"] = Field(
        description="`gepubliceerd`: (vrijwel) letterlijk uit een tekst van STJ; `nieuw`: "
        "voor dit hulpmiddel geschreven in dezelfde stijl.")


ZinOordeel = Literal["voldoet", "verbeterpunt", "gemengd"]
"""The verdicts a conclusiezin can state: only √, only X, or both (deels)."""


class Conclusiezin(StrictModel):
    """The sentences the rules use for one indicator or a group of related ones. Each
    sentence states one verdict (its key) about every indicator of the entry, and is used
    only when all of them have exactly that verdict."""

    id: IndicatorId | None = Field(default=None, description="Id van een groep indicatoren.")
    indicatoren: list[IndicatorId] = Field(min_length=1)
    voldoet: Zin | None = Field(
        default=None, description="Onder `Wat gaat goed?` als elk van deze indicatoren "
        "alleen voldoet (√).")
    verbeterpunt: Zin | None = Field(
        default=None, description="Onder `Wat kan beter?` als elk van deze indicatoren "
        "alleen een verbeterpunt is (X).")
    gemengd: Zin | None = Field(
        default=None, description="Onder `Wat kan beter?`, de ‘deels’-zin, als elk van "
        "deze indicatoren zowel voldoet als een verbeterpunt is (√ en X).")
    belang: Zin | None = Field(
        default=None, description="Het risico dat het punt draagt, na de zin onder `Wat "
        "kan beter?`. Zonder belang is een afgeleid punt optioneel.")

    def zin(self, oordeel: ZinOordeel) -> Zin | None:
        """The sentence that states `oordeel` about these indicators, if there is one."""
        return {"voldoet": self.voldoet, "verbeterpunt": self.verbeterpunt,
                "gemengd": self.gemengd}[oordeel]


class Kader(StrictModel):
    """A toetsingskader: themes → criteria → indicators, and the standard texts."""

    id: Slug
    versie: Tekst
    titel: Tekst = Field(description="Titel van de factsheet, met {gemeente}.")
    ondertitel: Tekst
    uitgever: Tekst
    definitie: Definitie
    teksten: Teksten
    themas: list[Thema] = Field(min_length=1)
    conclusiezinnen: list[Conclusiezin] = Field(
        min_length=1, description="Per indicator of groep de zinnen voor afgeleide conclusies.")

    @model_validator(mode="after")
    def _placeholders_known(self) -> Kader:
        texts = [self.titel, *self.teksten.model_dump().values()]
        for text in texts:
            for placeholder in re.findall(r"\{[^}]*\}", text):
                if placeholder not in PLACEHOLDERS:
                    raise ValueError(f"onbekende plaatshouder {placeholder}; alleen "
                                     f"{' en '.join(PLACEHOLDERS)} bestaan")
        return self


# --- a gemeente and its aanpakken ------------------------------------------------------


class HuishoudensMetKind(StrictModel):
    model_config = _nl("Het aantal huishoudens met kinderen volgens het CBS, met de maand "
                       "van de telling.")

    aantal: int = Field(ge=0, description="Meerpersoonshuishoudens met kind volgens het CBS, "
                        "als geheel getal zonder punt, bijv. 18000.")
    peildatum: Maand = Field(description="Maand van de CBS-gegevens, `JJJJ-MM` tussen "
                             'aanhalingstekens, bijv. "2012-01".')


class Vervolgronde(StrictModel):
    """A later round of the same study: its factsheets are in `<gemeente>/<ronde>/`."""

    model_config = _nl("Een latere ronde die de verbeterpunten nagaat; haar bestanden staan "
                       "in de map `<ronde>/` naast gemeente.yaml.")

    ronde: Slug = Field(description="Naam van de ronde en van haar map, bijv. `2015`.")
    kader: Slug = Field(description="Id van het toetsingskader van deze ronde.")
    publicatie: Maand = Field(description="Maand van publicatie, `JJJJ-MM` tussen "
                              'aanhalingstekens, bijv. "2015-10".')


class Gemeente(StrictModel):
    """`municipalities/<slug>/gemeente.yaml`."""

    model_config = _nl("De gegevens van één gemeente (gemeente.yaml): naam, toetsingskader, "
                       "publicatie, cijfers, context en de lijst van aanpakken.")

    naam: Tekst = Field(description="Naam van de gemeente zoals in de titel, bijv. `Zwolle`.")
    kader: Slug = Field(description="Id van het toetsingskader, bijv. `ggsr-2013`.")
    publicatie: Maand = Field(description="Maand van publicatie, `JJJJ-MM` tussen "
                              'aanhalingstekens, bijv. "2013-10".')
    inwoners: int = Field(ge=0, description="Aantal inwoners (afgerond, zoals in de context), "
                          "als geheel getal zonder punt, bijv. 120000.")
    huishoudens_met_kind: HuishoudensMetKind
    context: Opmaak = Field(description="De context van de gemeente (Markdown), zonder kop.")
    aanpakken: list[Slug] = Field(
        min_length=1, description="De aanpakken in volgorde: elk een bestand `<naam>.yaml`.")
    fictief: bool = Field(
        default=False, description="`true`: verzonnen gegevens (voorbeeld of test); elke "
        "pagina zegt dan dat het geen bevindingen van STJ zijn.")
    vervolg: list[Vervolgronde] = Field(
        default_factory=list, description="Latere rondes die de verbeterpunten nagaan, in "
        "volgorde; elke ronde heeft een map `<ronde>/` met een bestand per aanpak.")

    @property
    def ronde(self) -> str:
        """The first round's name: the year it was published."""
        return self.publicatie[:4]


class Oordeel(StrictModel):
    """One verdict inside a finding, optionally about part of its indicators."""

    model_config = _nl("Eén oordeel binnen een bevinding, met eigen tekst, eventueel over een "
                       "deel van haar indicatoren.")

    oordeel: OordeelWaarde = Field(description=OORDEEL_UITLEG)
    indicatoren: list[IndicatorId] = Field(
        default_factory=list,
        description="De indicatoren van de bevinding waarover dit oordeel gaat; leeg: alle.")
    tekst: Opmaak | None = Field(default=None, description="De tekst bij dit oordeel.")


class Bevinding(StrictModel):
    """A finding: one or more indicators of one criterium, one or more verdicts, text."""

    model_config = _nl("Een bevinding: één of meer indicatoren van één criterium, met "
                       "`oordeel` en `tekst`, of met `oordelen` (elk met eigen tekst).")

    indicatoren: list[IndicatorId] = Field(
        min_length=1, description="De indicatoren van deze bevinding, alle van één criterium, "
        "bijv. `[toeleiding.zicht-op-populatie]`.")
    oordeel: OordeelWaarde | None = Field(
        default=None, description="Eén oordeel voor de hele bevinding (of gebruik `oordelen`): "
        + OORDEEL_UITLEG)
    oordelen: list[Oordeel] | None = Field(
        default=None, min_length=1, description="Meerdere oordelen, elk met eigen tekst.")
    tekst: Opmaak | None = Field(default=None, description="De bevinding (Markdown).")
    let_op: Opmaak | None = Field(default=None, description="Tekst na `LET OP:`.")

    @model_validator(mode="after")
    def _one_form_of_verdict(self) -> Bevinding:
        if (self.oordeel is None) == (self.oordelen is None):
            raise ValueError("geef `oordeel` of `oordelen`, precies één van beide")
        if self.tekst is None and not any(o.tekst for o in self.oordelen or ()):
            raise ValueError("de bevinding heeft geen tekst: geef `tekst`")
        return self

    @cached_property
    def alle_oordelen(self) -> list[Oordeel]:
        """The verdicts in one form, whichever the YAML used (made once: rules, checks
        and view all ask)."""
        if self.oordelen is not None:
            return self.oordelen
        assert self.oordeel is not None
        return [Oordeel(oordeel=self.oordeel)]


class GeschrevenPunt(StrictModel):
    """One paragraph of a conclusion column."""

    model_config = _nl("Eén alinea van een conclusie, met de indicatoren waarover zij gaat.")

    tekst: Opmaak = Field(description="De alinea (Markdown).")
    indicatoren: list[IndicatorId] = Field(
        default_factory=list, description="De indicatoren waarover dit punt gaat.")


class Weglating(StrictModel):
    """Why verbeterpunten are left out of a hand-written conclusion on purpose."""

    model_config = _nl("Verbeterpunten die de conclusie bewust niet noemt, met de reden.")

    indicatoren: list[IndicatorId] = Field(
        min_length=1, description="De verbeterpunten die de conclusie niet noemt.")
    reden: Tekst = Field(description="Waarom de conclusie ze niet noemt.")


class ThemaConclusie(StrictModel):
    model_config = _nl("De conclusie over één thema: `goed` (Wat gaat goed?) en `beter` (Wat "
                       "kan beter?).")

    goed: list[GeschrevenPunt] = Field(description="`Wat gaat goed?`, één punt per alinea.")
    beter: list[GeschrevenPunt] = Field(description="`Wat kan beter?`, één punt per alinea.")
    weggelaten: list[Weglating] = Field(
        default_factory=list,
        description="Verbeterpunten die de conclusie bewust niet noemt, met de reden.")


class Aanpak(StrictModel):
    """`municipalities/<gemeente>/<aanpak>.yaml`."""

    model_config = _nl("Eén aanpak van de gemeente: beschrijving, bevindingen per indicator "
                       "en conclusies per thema.")

    naam: Tekst = Field(description="Naam van de aanpak zoals in de factsheet, bijv. "
                        "`Bemoeizorg Jeugd`.")
    netwerkpartners: list[Tekst] = Field(
        description="Wie de beperktere vragenlijst invulde, zoals gepubliceerd.")
    aantal_gezinnen: int = Field(ge=0, description="Gezinnen die nu zorg krijgen via de aanpak.")
    beschrijving: Opmaak = Field(description="De beschrijving van de aanpak (Markdown).")
    bevindingen: list[Bevinding] = Field(
        min_length=1, description="De bevindingen, samen over elke indicator van het "
        "toetsingskader; volgorde vrij (de factsheet volgt het kader).")
    conclusies: dict[Slug, ThemaConclusie] = Field(
        default_factory=dict,
        description="Per thema-id de gepubliceerde conclusie; een thema zonder conclusie "
        "krijgt de afgeleide.")


# --- a follow-up round -----------------------------------------------------------------


class Vervolgbevinding(Bevinding):
    """A finding of a follow-up round: the verdict now on earlier verbeterpunten."""

    model_config = _nl("Een bevinding van een vervolgronde: het oordeel van nu over eerdere "
                       "verbeterpunten.")

    nieuw: bool = Field(
        default=False, description="`true`: een indicator die eerder geen verbeterpunt was "
        "en nu wel (of opnieuw) wordt beoordeeld.")


class Vervolgaanpak(StrictModel):
    """`municipalities/<gemeente>/<ronde>/<aanpak>.yaml`: what became of each verbeterpunt
    of the previous round, for one aanpak."""

    model_config = _nl("Wat er van elk verbeterpunt van de vorige ronde is geworden, voor "
                       "één aanpak.")

    toelichting: Opmaak | None = Field(
        default=None, description="Wat er sinds de vorige ronde is veranderd (Markdown).")
    bevindingen: list[Vervolgbevinding] = Field(
        min_length=1, description="Per verbeterpunt van de vorige ronde het oordeel van nu.")
