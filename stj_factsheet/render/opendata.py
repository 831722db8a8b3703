"""The open-data form of a factsheet: `factsheet.json`, described by a JSON Schema.

The models below *are* the contract: `schemas/factsheet.schema.json` is generated from
them (`stj schema` / tests fail when the committed file differs). Keep them stable: add
fields, never rename or remove without a new `versie`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from stj_factsheet.view.factsheet import FactsheetView

FORMAT_VERSIE: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PuntJson(_Model):
    tekst: str = Field(description="Het punt, als Markdown.")
    indicatoren: list[str] = Field(description="Ids van de indicatoren waarover het gaat.")
    bron: Literal["handmatig", "afgeleid"] = Field(
        description="`handmatig`: geschreven door STJ; `afgeleid`: uit de oordelen afgeleid.")


class ConclusieJson(_Model):
    goed: list[PuntJson] = Field(description="Wat gaat goed?")
    beter: list[PuntJson] = Field(description="Wat kan beter?")


class IndicatorJson(_Model):
    id: str
    titel: str = Field(description="De indicator zoals in het toetsingskader.")
    criterium: str
    oordeel: Literal["voldoet", "verbeterpunt", "gemengd", "geen"] = Field(
        description="Samengevat: alleen √, alleen X, beide, of geen oordeel.")


class ThemaJson(_Model):
    id: str
    naam: str
    indicatoren: list[IndicatorJson]
    conclusie: ConclusieJson


class AanpakJson(_Model):
    id: str
    naam: str
    aantal_gezinnen: int
    netwerkpartners: list[str]
    themas: list[ThemaJson]


class KaderJson(_Model):
    id: str
    versie: str


class FactsheetJson(_Model):
    """Een factsheet van Samenwerkend Toezicht Jeugd als open data."""

    formaat: Literal["stj-factsheet"] = "stj-factsheet"
    formaat_versie: Literal["1"] = FORMAT_VERSIE
    gemeente: str = Field(description="Naam van de gemeente.")
    gemeente_id: str = Field(description="Mapnaam (slug) van de gemeente.")
    titel: str
    maand: str = Field(description="Maand van publicatie, zoals op de factsheet.")
    kader: KaderJson
    aanpakken: list[AanpakJson]


def from_view(view: FactsheetView) -> FactsheetJson:
    return FactsheetJson(
        gemeente=view.gemeente,
        gemeente_id=view.slug,
        titel=view.titel,
        maand=view.maand,
        kader=KaderJson(id=view.kader_id, versie=view.kader_versie),
        aanpakken=[
            AanpakJson(
                id=aanpak.anker,
                naam=aanpak.naam,
                aantal_gezinnen=aanpak.aantal_gezinnen,
                netwerkpartners=aanpak.netwerkpartners,
                themas=[
                    ThemaJson(
                        id=thema.id,
                        naam=thema.naam,
                        indicatoren=[IndicatorJson(id=i.id, titel=i.titel,
                                                   criterium=i.criterium, oordeel=i.oordeel)
                                     for i in thema.indicatoren],
                        conclusie=ConclusieJson(
                            goed=[PuntJson(tekst=p.tekst, indicatoren=p.indicatoren,
                                           bron=p.bron) for p in conclusie.goed],
                            beter=[PuntJson(tekst=p.tekst, indicatoren=p.indicatoren,
                                            bron=p.bron) for p in conclusie.beter]),
                    )
                    for thema, conclusie in zip(aanpak.themas, aanpak.conclusies, strict=True)
                ],
            )
            for aanpak in view.aanpakken
        ],
    )


def render(view: FactsheetView) -> str:
    data = from_view(view).model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def schema() -> dict[str, Any]:
    return FactsheetJson.model_json_schema()


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
