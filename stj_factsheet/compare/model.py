"""What `stj diff` finds, as typed data: the JSON output (`--format json`) and what the
text and Markdown forms are written from.

The models are the contract of the JSON: `schemas/diff.schema.json` is generated from
them (`stj schema`; a test fails when the committed file differs). Fields are only added
within a `formaat_versie`; version 2 compares what the pages show, calls a part that does
not load `fout` (version 1: left out, so "verwijderd") and adds `pagina`, `verandert`,
`niet_geteld` and `hulpmiddel`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_VERSIE: Literal["2"] = "2"

Status = Literal["nieuw", "verwijderd", "gewijzigd", "ongewijzigd", "fout"]
Kant = Literal["van", "tot"]
Soort = Literal["gegeven", "oordeel", "bevinding", "tekst", "let_op", "conclusie", "telling",
                "voortgang", "pagina"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stuk(_Model):
    """Een stuk van een woordvergelijking."""

    soort: Literal["gelijk", "weg", "erbij"] = Field(
        description="`gelijk`: in beide; `weg`: alleen in VAN; `erbij`: alleen in TOT.")
    tekst: str = Field(description="De woorden (Markdown zoals in de YAML); `¶` is een "
                       "nieuwe alinea.")


class Wijziging(_Model):
    """Eén verandering in wat de publicatie toont."""

    soort: Soort = Field(
        description="`gegeven`: een gegeven (naam, aantal, ronde, …); `oordeel`: het oordeel "
        "van een indicator; `bevinding`: de indeling van een rij in de tabel; `tekst`: een "
        "tekst; `let_op`: een LET OP; `conclusie`: een punt van ‘Wat gaat goed?’ of ‘Wat kan "
        "beter?’; `telling`: de samenvatting van een thema; `voortgang`: wat er van een "
        "verbeterpunt geworden is; `pagina`: iets anders op de pagina, zoals de tekst van een "
        "indicator, thema of criterium uit het toetsingskader, of een standaardtekst.")
    onderwerp: str = Field(description="Waarover het gaat, leesbaar (bijv. de indicator met "
                           "haar tekst uit het kader, of ‘Toeleiding, Wat kan beter?’).")
    indicator: str | None = Field(default=None, description="Id van de indicator, als het "
                                  "over één indicator (of een rij die ermee begint) gaat.")
    thema: str | None = Field(default=None, description="Id van het thema.")
    van: str | None = Field(default=None, description="Zoals in VAN; leeg: bestond niet.")
    tot: str | None = Field(default=None, description="Zoals in TOT; leeg: bestaat niet meer.")
    woorden: list[Stuk] = Field(default_factory=list, description="Bij een gewijzigde tekst: "
                                "de woorden die gelijk bleven, weg gingen en erbij kwamen.")
    bron: Literal["handmatig", "afgeleid"] | None = Field(
        default=None, description="Bij een conclusiepunt: door STJ geschreven of afgeleid.")
    aantallen_van: dict[str, int] | None = Field(
        default=None, description="Bij een telling: het aantal per oordeel (of voortgang) "
        "in VAN.")
    aantallen_tot: dict[str, int] | None = Field(
        default=None, description="Bij een telling: het aantal per oordeel (of voortgang) "
        "in TOT.")


class Melding(_Model):
    """Een fout in de gegevens, zoals `stj check` haar meldt."""

    kant: Kant = Field(description="In VAN of in TOT.")
    bestand: str
    regel: int
    kolom: int
    melding: str
    hint: str = ""


class AanpakVerschil(_Model):
    """Wat er verandert aan één aanpak (in de eerste ronde of een vervolgronde)."""

    id: str = Field(description="Bestandsnaam van de aanpak, zonder .yaml.")
    naam: str
    status: Status = Field(description="`fout`: de aanpak is aan een kant niet te lezen "
                           "(zie `fouten`) en dus niet vergeleken.")
    wijzigingen: list[Wijziging]
    fouten: list[Melding] = Field(description="Bij `fout`: de fouten die het lezen "
                                  "verhinderen, met hun plaats.")


class RondeVerschil(_Model):
    """Wat er verandert aan één vervolgronde van een gemeente."""

    ronde: str
    status: Status
    wijzigingen: list[Wijziging]
    aanpakken: list[AanpakVerschil]
    fouten: list[Melding] = Field(description="Bij `fout`: de fouten die het lezen van de "
                                  "ronde verhinderen.")


class GemeenteVerschil(_Model):
    """Wat er verandert aan één gemeente waarvan bestanden verschillen."""

    id: str = Field(description="Mapnaam van de gemeente.")
    naam: str
    status: Status = Field(description="`ongewijzigd`: de bestanden verschillen, de "
                           "publicatie niet (bijv. alleen commentaar of andere regelval); "
                           "`fout`: niet (geheel) te vergelijken: de gemeente, of een "
                           "aanpak of ronde ervan, is aan een kant niet te lezen.")
    verandert: bool = Field(description="`true` als wat wel te vergelijken is, verandert.")
    bestanden: list[str] = Field(description="De bestanden die verschillen.")
    wijzigingen: list[Wijziging] = Field(description="Gegevens van de gemeente zelf.")
    aanpakken: list[AanpakVerschil]
    rondes: list[RondeVerschil]
    fouten: list[Melding] = Field(description="De fouten in VAN en TOT die een deel "
                                  "onvergelijkbaar maken; de rest is vergeleken.")


class CijferWijziging(_Model):
    """Eén indicator in het landelijk overzicht waarvan de cijfers veranderen."""

    indicator: str
    tekst: str = Field(description="De indicator zoals in het toetsingskader.")
    aanpakken_van: dict[str, int] = Field(description="Aantal aanpakken per oordeel in VAN.")
    aanpakken_tot: dict[str, int] = Field(description="Aantal aanpakken per oordeel in TOT.")
    gemeenten_van: dict[str, int] = Field(description="Aantal gemeenten per oordeel in VAN.")
    gemeenten_tot: dict[str, int] = Field(description="Aantal gemeenten per oordeel in TOT.")
    voortgang_van: list[str] = Field(description="Voortgang per vervolgronde in VAN, zoals "
                                     "in het overzicht.")
    voortgang_tot: list[str] = Field(description="Voortgang per vervolgronde in TOT.")


class NietGeteld(_Model):
    """Een gemeente die aan een kant niet te lezen is: aan geen van beide kanten geteld."""

    id: str
    naam: str
    kant: Literal["van", "tot", "beide"]


class LandelijkVerschil(_Model):
    """Het landelijk overzicht van één toetsingskader: wat er beweegt."""

    kader: str
    niet_geteld: list[NietGeteld] = Field(
        description="Gemeenten die aan een kant fouten hebben: ze tellen aan beide kanten "
        "niet mee, zodat de cijfers alleen bewegen door wat te vergelijken is.")
    aanpakken_van: int
    aanpakken_tot: int
    gemeenten_van: int
    gemeenten_tot: int
    indicatoren: list[CijferWijziging]
    zinnen: list[Wijziging] = Field(description="Zinnen van ‘Wat opvalt’ die veranderen, "
                                    "weg gaan of erbij komen.")
    teksten: list[Wijziging] = Field(description="Teksten van het overzicht uit het "
                                     "toetsingskader (indicator, thema, versie) die veranderen.")

    @property
    def beweegt(self) -> bool:
        """Whether the overview's page changes: a figure, a sentence, a text, a count."""
        return bool(self.indicatoren or self.zinnen or self.teksten
                    or self.aanpakken_van != self.aanpakken_tot
                    or self.gemeenten_van != self.gemeenten_tot)


class KaderVerschil(_Model):
    """Een toetsingskader van de gegevensmap (`frameworks/`) dat verandert: elke factsheet
    die ermee is gemaakt, verandert mee."""

    id: str
    status: Status
    wijzigingen: list[Wijziging]


class Revisie(_Model):
    naam: str = Field(description="Zoals gegeven (bijv. HEAD, main), of `werkmap`.")
    commit: str | None = Field(description="De commit; leeg voor de werkmap.")


class Verschil(_Model):
    """Wat een wijziging van de gegevens verandert aan de publicatie (`stj diff`)."""

    formaat: Literal["stj-diff"] = "stj-diff"
    formaat_versie: Literal["2"] = FORMAT_VERSIE
    van: Revisie
    tot: Revisie
    publicatie_verandert: bool = Field(
        description="`true` als een factsheet of het landelijk overzicht verandert (voor "
        "zover te vergelijken); `stj diff --exit-code` eindigt dan met 1. Een gewijzigd "
        "toetsingskader dat op geen pagina te zien is (bijv. een conclusiezin die geen "
        "gemeente gebruikt), verandert de publicatie niet.")
    alles_vergeleken: bool = Field(
        description="`false` als een gemeente, aanpak of ronde aan een kant niet te lezen is "
        "(status `fout`): daarover zegt de vergelijking niets.")
    hulpmiddel: list[str] = Field(
        description="Bestanden van stj zelf (templates/, stj_factsheet/, fonts/) die "
        "verschillen, in de repository van stj: beide kanten zijn met de stj vergeleken die "
        "nu draait, dus wat deze bestanden aan de pagina's veranderen, staat hier niet; "
        "`stj diff --exit-code` eindigt dan met 1.")
    bestanden: list[str] = Field(description="De gegevensbestanden die verschillen.")
    kaders: list[KaderVerschil]
    gemeenten: list[GemeenteVerschil]
    landelijk: list[LandelijkVerschil]


def schema_text() -> str:
    schema: dict[str, Any] = Verschil.model_json_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
