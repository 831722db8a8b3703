"""Check a loaded aanpak against its kader: ids, criteria, coverage, conclusions.

Pure functions: they take models and documents and return problems, sorted by the caller.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stj_factsheet.errors import Problem, Severity
from stj_factsheet.load.source import Document, Loc
from stj_factsheet.model.domain import Aanpak, Bevinding
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.rules.verdicts import oordelen_per_indicator


def check_aanpak(aanpak: Aanpak, document: Document, index: KaderIndex) -> list[Problem]:
    problems = list(check_bevindingen(aanpak.bevindingen, document, index))
    if not any(p.severity is Severity.ERROR for p in problems):
        problems += _coverage(aanpak, document, index)
    problems += _conclusies(aanpak, document, index)
    problems += _unmentioned(aanpak, document, index)
    return problems


def _unknown(document: Document, loc: Loc, indicator: str, index: KaderIndex) -> Problem:
    return document.problem(loc, f"onbekende indicator `{indicator}`", index.suggest(indicator))


def check_bevindingen(bevindingen: Sequence[Bevinding], document: Document,
                      index: KaderIndex) -> Iterator[Problem]:
    """Known indicators, one criterium per finding, verdicts about its own indicators."""
    plaatsen = index.plaatsen
    for b, bevinding in enumerate(bevindingen):
        criterium = None
        for i, indicator in enumerate(bevinding.indicatoren):
            loc = ("bevindingen", b, "indicatoren", i)
            if indicator not in plaatsen:
                yield _unknown(document, loc, indicator, index)
                continue
            if bevinding.indicatoren.index(indicator) != i:
                yield document.problem(loc, f"`{indicator}` staat twee keer in deze bevinding")
            here = plaatsen[indicator].criterium
            if criterium is None:
                criterium = here
            elif here.id != criterium.id:
                yield document.problem(
                    loc, f"`{indicator}` hoort bij criterium ‘{here.naam}’, de andere "
                    f"indicatoren van deze bevinding bij ‘{criterium.naam}’",
                    "één bevinding gaat over één criterium: maak een aparte bevinding")
        for o, oordeel in enumerate(bevinding.oordelen or ()):
            for i, indicator in enumerate(oordeel.indicatoren):
                if indicator not in bevinding.indicatoren:
                    yield document.problem(
                        ("bevindingen", b, "oordelen", o, "indicatoren", i),
                        f"`{indicator}` staat niet in de `indicatoren` van deze bevinding",
                        "een oordeel gaat over (een deel van) de indicatoren van zijn bevinding")
    for indicator, given in oordelen_per_indicator(bevindingen).items():
        seen: set[str] = set()
        for waarde, where in given:
            if waarde in seen:
                yield document.problem(
                    where, f"`{indicator}` krijgt twee keer het oordeel `{waarde}`",
                    "noem bij elk oordeel de indicatoren waar het over gaat",
                    severity=Severity.WARNING)
            seen.add(waarde)


def _coverage(aanpak: Aanpak, document: Document, index: KaderIndex) -> Iterator[Problem]:
    covered = {i for bevinding in aanpak.bevindingen for i in bevinding.indicatoren}
    for indicator, plaats in index.plaatsen.items():
        if indicator not in covered:
            yield document.problem(
                ("bevindingen",), f"indicator `{indicator}` (‘{plaats.indicator.tekst}’) "
                "heeft geen bevinding", "voeg een bevinding toe; gebruik `oordeel: geen` als "
                "STJ er geen oordeel over gaf", key=True)


def _conclusies(aanpak: Aanpak, document: Document, index: KaderIndex) -> Iterator[Problem]:
    judged = oordelen_per_indicator(aanpak.bevindingen)
    for thema_id, conclusie in aanpak.conclusies.items():
        if thema_id not in index.themas:
            yield document.problem(("conclusies", thema_id), f"onbekend thema `{thema_id}`",
                                   index.suggest(thema_id, list(index.themas)), key=True)
            continue
        for kolom, punten, tegendeel in (("goed", conclusie.goed, "verbeterpunt"),
                                         ("beter", conclusie.beter, "voldoet")):
            for p, punt in enumerate(punten):
                for i, indicator in enumerate(punt.indicatoren):
                    loc = ("conclusies", thema_id, kolom, p, "indicatoren", i)
                    if indicator not in index.plaatsen:
                        yield _unknown(document, loc, indicator, index)
                        continue
                    waarden = {waarde for waarde, _ in judged.get(indicator, ())}
                    if waarden == {tegendeel}:
                        kant = "goed" if kolom == "goed" else "kan beter"
                        yield document.problem(
                            loc, f"dit punt onder ‘{kant}’ noemt `{indicator}`, maar die is "
                            f"alleen als `{tegendeel}` beoordeeld",
                            "verplaats het punt naar de andere kolom of pas het oordeel aan")


def _unmentioned(aanpak: Aanpak, document: Document, index: KaderIndex) -> Iterator[Problem]:
    """Verbeterpunten that no hand-written "beter" point mentions and no `weggelaten` entry
    explains (a notice: the conclusion selects, `weggelaten` records why)."""
    given = oordelen_per_indicator(aanpak.bevindingen)
    mentioned: set[str] = set()
    for thema_id, conclusie in aanpak.conclusies.items():
        mentioned |= {i for punt in conclusie.beter for i in punt.indicatoren}
        for w, weglating in enumerate(conclusie.weggelaten):
            for i, indicator in enumerate(weglating.indicatoren):
                mentioned.add(indicator)
                if "verbeterpunt" not in {waarde for waarde, _ in given.get(indicator, ())}:
                    yield document.problem(
                        ("conclusies", thema_id, "weggelaten", w, "indicatoren", i),
                        f"`{indicator}` is geen verbeterpunt van deze aanpak",
                        "noem hier alleen verbeterpunten die de conclusie niet noemt")
    for indicator, plaats in index.plaatsen.items():
        if plaats.thema.id not in aanpak.conclusies or indicator in mentioned:
            continue
        loc = next((loc for waarde, loc in given.get(indicator, ()) if waarde == "verbeterpunt"),
                   None)
        if loc is not None:
            yield document.problem(
                loc, f"verbeterpunt `{indicator}` staat in geen ‘Wat kan beter?’-punt",
                "noem het in een punt, of leg onder `weggelaten` (bij het thema) uit waarom "
                "de conclusie het niet noemt", severity=Severity.NOTICE)
