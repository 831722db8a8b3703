"""Every fixed sentence a reader sees, written once.

The colophon, the provenance line, the notes beside a derived conclusion and the
follow-up's explanation are made here and reach every format (HTML, Markdown, the Typst
payload) through the view models; templates only arrange them. A sentence is plain text
(the templates escape it for their format); one with a label ("Afgeleid: …") is a
`Noot`, so that each format can set the label in bold.
"""

from __future__ import annotations

from dataclasses import dataclass

from stj_factsheet import rules

KOPPEN: dict[str, str] = {"voldoet": "Voldoet", "verbeterpunt": "Verbeterpunt",
                          "gemengd": "Gemengd", "geen": "Geen oordeel"}
"""The headings of the summary's counts, one per verdict (HTML, Markdown and PDF)."""
OPTIONEEL = "Optioneel"
"""The mark above a derived point the editor may leave out."""
GEEN_PUNTEN = "Geen punten genoemd."
"""An empty column of a conclusion."""
VOORTGANG_AFGELEID = "De voortgang is afgeleid uit de oordelen."
LANDELIJK_AFGELEID = "Landelijk beeld, afgeleid uit de oordelen in de factsheets."
SCHUIF_UITLEG = "De tabel is breder dan het scherm: schuif hem opzij voor alle indicatoren."
"""Above the overview's matrix on a narrow screen (HTML only)."""


@dataclass(frozen=True)
class Noot:
    """A note with a label in bold: "Afgeleid: deze conclusie …"."""

    label: str
    tekst: str


def afgeleid(optioneel: bool) -> Noot:
    """The note above a derived conclusion; with `optioneel`, what ‘Optioneel’ means."""
    tekst = ("deze conclusie is uit de oordelen afgeleid met de standaardzinnen van het "
             "toetsingskader; het is geen tekst van STJ.")
    if optioneel:
        tekst += (f" Een punt met ‘{OPTIONEEL}’ noemt geen risico uit het toetsingskader, "
                  "of de indicator voldoet deels: kies of het in de conclusie hoort.")
    return Noot("Afgeleid:", tekst)


def herkomst(versie: str | None, gegenereerd: str | None) -> str:
    """Which data a page was made from, in words a citizen reads: the short version of
    the data, and when it was made (only when asked for, so builds stay the same)."""
    zinnen = []
    if versie:
        zinnen.append(f"Versie van de gegevens: {versie}.")
    if gegenereerd:
        zinnen.append(f"Gegenereerd op {gegenereerd}.")
    return " ".join(zinnen)


def colofon(titel: str, uitgever: str, maand_in_zin: str, kader_id: str, kader_versie: str,
            *extra: str) -> str:
    """The colophon of a factsheet: title, publisher, month (lower case: mid-sentence),
    the kader it was judged by, then `extra` sentences (the provenance, last)."""
    zinnen = [f"{titel} – {uitgever}, {maand_in_zin}.",
              f"Beoordeeld met toetsingskader {kader_id}, versie {kader_versie}.",
              *extra]
    return " ".join(z for z in zinnen if z)


def vervolg_uitleg(gemeente: str, ronde: str, vorige: str, vorige_maand: str,
                   vorige_onderzoek: str, welke: str) -> list[str]:
    """The two paragraphs that open a follow-up factsheet, as Markdown (the words of
    progress in bold, as `rules.VOORTGANGEN` has them)."""
    opgepakt, deels, niet, niet_opnieuw = rules.VOORTGANGEN
    return [
        f"In {vorige_maand} verschenen de uitkomsten van het {vorige_onderzoek} naar de "
        f"aanpak voor gezinnen met geringe sociale redzaamheid in {gemeente}. In {ronde} is "
        f"nagegaan wat er is gedaan met de verbeterpunten {welke}. Per aanpak staat "
        f"hieronder elk verbeterpunt met het oordeel en de bevinding van {vorige} en van "
        f"{ronde}.",
        f"De voortgang volgt uit het oordeel van toen en van nu: **{opgepakt}** als de "
        f"indicator nu voldoet, **{deels}** als hij toen alleen een verbeterpunt was en nu "
        f"deels voldoet, **{niet}** als er niets is verbeterd (ook als hij toen en nu deels "
        f"voldoet), en **{niet_opnieuw}** als STJ er nu geen oordeel over gaf (het "
        "verbeterpunt blijft dan open). Een **nieuw verbeterpunt** is een indicator die in "
        f"{vorige} geen verbeterpunt was."]
