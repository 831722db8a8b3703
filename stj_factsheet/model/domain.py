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
"""Text, possibly Markdown; never empty."""

Slug = Annotated[str, Field(pattern=SLUG)]
IndicatorId = Annotated[str, Field(pattern=INDICATOR_ID)]
Maand = Annotated[str, Field(pattern=MAAND)]

OordeelWaarde = Literal["voldoet", "verbeterpunt", "geen"]
"""voldoet (√), verbeterpunt (X), or geen (the published table shows no mark)."""


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


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
    tekst: Tekst = Field(description="De definitie van GGSR (Markdown).")
    begrippen: list[Begrip]


class Teksten(StrictModel):
    """Standard texts every factsheet repeats. Placeholders: {gemeente}, {aanpak}."""

    inleiding: Tekst
    vragenlijst: Tekst
    netwerkpartners: Tekst
    bevindingen_inleiding: Tekst
    bevindingen_toelichting: Tekst
    conclusie_inleiding: Tekst


class Conclusiezin(StrictModel):
    """The sentences the rules use for one indicator or a group of related ones."""

    id: IndicatorId | None = Field(default=None, description="Id van een groep indicatoren.")
    indicatoren: list[IndicatorId] = Field(min_length=1)
    goed: Tekst = Field(description="Zin onder `Wat gaat goed?` als alles voldoet.")
    beter: Tekst = Field(description="Zin onder `Wat kan beter?` bij een verbeterpunt.")
    belang: Tekst = Field(description="Waarom het verbeterpunt ertoe doet.")
    bron: Literal["gepubliceerd", "nieuw"] = Field(
        description="`gepubliceerd`: overgenomen uit een gepubliceerde conclusie.")


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
    aantal: int = Field(ge=0, description="Meerpersoonshuishoudens met kind volgens het CBS.")
    peildatum: Maand = Field(description="Maand van de CBS-gegevens, `JJJJ-MM`.")


class Vervolgronde(StrictModel):
    """A later round of the same study: its factsheets are in `<gemeente>/<ronde>/`."""

    ronde: Slug = Field(description="Naam van de ronde en van haar map, bijv. `2015`.")
    kader: Slug = Field(description="Id van het toetsingskader van deze ronde.")
    publicatie: Maand = Field(description="Maand van publicatie, `JJJJ-MM` tussen quotes.")


class Gemeente(StrictModel):
    """`municipalities/<slug>/gemeente.yaml`."""

    naam: Tekst = Field(description="Naam van de gemeente zoals in de titel.")
    kader: Slug = Field(description="Id van het toetsingskader, bijv. `ggsr-2013`.")
    publicatie: Maand = Field(description="Maand van publicatie, `JJJJ-MM` tussen quotes.")
    inwoners: int = Field(ge=0, description="Aantal inwoners (afgerond, zoals in de context).")
    huishoudens_met_kind: HuishoudensMetKind
    context: Tekst = Field(description="De context van de gemeente (Markdown), zonder kop.")
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

    oordeel: OordeelWaarde
    indicatoren: list[IndicatorId] = Field(
        default_factory=list,
        description="De indicatoren van de bevinding waarover dit oordeel gaat; leeg: alle.")
    tekst: Tekst | None = Field(default=None, description="De tekst bij dit oordeel.")


class Bevinding(StrictModel):
    """A finding: one or more indicators of one criterium, one or more verdicts, text."""

    indicatoren: list[IndicatorId] = Field(min_length=1)
    oordeel: OordeelWaarde | None = Field(
        default=None, description="Eén oordeel voor de hele bevinding (of gebruik `oordelen`).")
    oordelen: list[Oordeel] | None = Field(
        default=None, min_length=1, description="Meerdere oordelen, elk met eigen tekst.")
    tekst: Tekst | None = Field(default=None, description="De bevinding (Markdown).")
    let_op: Tekst | None = Field(default=None, description="Tekst na `LET OP:`.")

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


class Punt(StrictModel):
    """One paragraph of a conclusion column."""

    tekst: Tekst
    indicatoren: list[IndicatorId] = Field(
        default_factory=list, description="De indicatoren waarover dit punt gaat.")


class Weglating(StrictModel):
    """Why verbeterpunten are left out of a hand-written conclusion on purpose."""

    indicatoren: list[IndicatorId] = Field(min_length=1)
    reden: Tekst


class ThemaConclusie(StrictModel):
    goed: list[Punt] = Field(description="`Wat gaat goed?`, één punt per alinea.")
    beter: list[Punt] = Field(description="`Wat kan beter?`, één punt per alinea.")
    weggelaten: list[Weglating] = Field(
        default_factory=list,
        description="Verbeterpunten die de conclusie bewust niet noemt, met de reden.")


class Aanpak(StrictModel):
    """`municipalities/<gemeente>/<aanpak>.yaml`."""

    naam: Tekst
    netwerkpartners: list[Tekst] = Field(
        description="Wie de beperktere vragenlijst invulde, zoals gepubliceerd.")
    aantal_gezinnen: int = Field(ge=0, description="Gezinnen die nu zorg krijgen via de aanpak.")
    beschrijving: Tekst = Field(description="De beschrijving van de aanpak (Markdown).")
    bevindingen: list[Bevinding] = Field(min_length=1)
    conclusies: dict[Slug, ThemaConclusie] = Field(
        default_factory=dict,
        description="Per thema-id de gepubliceerde conclusie; een thema zonder conclusie "
        "krijgt de afgeleide.")


# --- a follow-up round -----------------------------------------------------------------


class Vervolgbevinding(Bevinding):
    """A finding of a follow-up round: the verdict now on earlier verbeterpunten."""

    nieuw: bool = Field(
        default=False, description="`true`: een indicator die eerder geen verbeterpunt was "
        "en nu wel (of opnieuw) wordt beoordeeld.")


class Vervolgaanpak(StrictModel):
    """`municipalities/<gemeente>/<ronde>/<aanpak>.yaml`: what became of each verbeterpunt
    of the previous round, for one aanpak."""

    toelichting: Tekst | None = Field(
        default=None, description="Wat er sinds de vorige ronde is veranderd (Markdown).")
    bevindingen: list[Vervolgbevinding] = Field(
        min_length=1, description="Per verbeterpunt van de vorige ronde het oordeel van nu.")
