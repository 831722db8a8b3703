"""Check a loaded aanpak against its kader: ids, criteria, coverage, conclusions.

Pure functions: they take models and documents and return problems, sorted by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from stj_factsheet.errors import Problem, Severity
from stj_factsheet.load.source import Document, Loc
from stj_factsheet.model.domain import INDICATOR_ID, Aanpak, Bevinding, OordeelWaarde
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.rules import oordelen_per_indicator


def check_aanpak(aanpak: Aanpak, document: Document, index: KaderIndex) -> list[Problem]:
    problems = list(check_bevindingen(aanpak.bevindingen, document, index))
    if not any(p.severity is Severity.ERROR for p in problems):
        problems += _coverage(aanpak, document, index)
    problems += _conclusies(aanpak, document, index)
    problems += _unmentioned(aanpak, document, index)
    return problems


def _unknown(document: Document, loc: Loc, indicator: str, index: KaderIndex) -> Problem:
    return document.problem(loc, f"onbekende indicator `{indicator}`", index.suggest(indicator))


def unknown_ids(index: KaderIndex) -> Callable[[Document], list[Problem]]:
    """For a file whose shape is wrong (see `typed.to_model`'s `beside`): every
    well-formed indicator id under an `indicatoren` key, and every theme under
    `conclusies`, that the kader does not know."""
    def check(document: Document) -> list[Problem]:
        found: list[Problem] = []

        def walk(node: Any, loc: Loc) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if (loc == ("conclusies",) and isinstance(key, str)
                            and key not in index.themas):
                        found.append(document.problem(
                            (*loc, key), f"onbekend thema `{key}`",
                            index.suggest(key, list(index.themas)), key=True))
                    walk(value, (*loc, key))
            elif isinstance(node, list):
                for n, item in enumerate(node):
                    if (loc[-1:] == ("indicatoren",) and isinstance(item, str)
                            and re.match(INDICATOR_ID, item) and item not in index.plaatsen):
                        found.append(_unknown(document, (*loc, n), item, index))
                    walk(item, (*loc, n))

        walk(document.data, ())
        return found

    return check


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
        yield from _unjudged(bevinding, b, document, index)
    for indicator, given in oordelen_per_indicator(bevindingen).items():
        seen: set[str] = set()
        for waarde, where in given:
            if waarde in seen:
                yield document.problem(
                    where, f"`{indicator}` krijgt twee keer het oordeel `{waarde}`",
                    "noem bij elk oordeel de indicatoren waar het over gaat",
                    severity=Severity.WARNING)
            seen.add(waarde)


def _unjudged(bevinding: Bevinding, b: int, document: Document,
              index: KaderIndex) -> Iterator[Problem]:
    """Indicators of a finding that none of its verdicts names: they would show as "geen
    oordeel" without anyone having said so (a warning; `oordeel: geen` says it)."""
    if bevinding.oordelen is None or any(not o.indicatoren for o in bevinding.oordelen):
        return
    named = {indicator for o in bevinding.oordelen for indicator in o.indicatoren}
    for i, indicator in enumerate(bevinding.indicatoren):
        if indicator in index.plaatsen and indicator not in named:
            yield document.problem(
                ("bevindingen", b, "indicatoren", i),
                f"`{indicator}` krijgt geen oordeel: geen van de oordelen van deze bevinding "
                "noemt hem", "noem hem in de `indicatoren` van een oordeel, of geef "
                "`oordeel: geen`", severity=Severity.WARNING)


def _coverage(aanpak: Aanpak, document: Document, index: KaderIndex) -> Iterator[Problem]:
    covered = {i for bevinding in aanpak.bevindingen for i in bevinding.indicatoren}
    for indicator, plaats in index.plaatsen.items():
        if indicator not in covered:
            yield document.problem(
                ("bevindingen",), f"indicator `{indicator}` (‘{plaats.indicator.tekst}’) "
                "heeft geen bevinding", "voeg een bevinding toe; gebruik `oordeel: geen` als "
                "STJ er geen oordeel over gaf", key=True)


def _conclusies(aanpak: Aanpak, document: Document, index: KaderIndex) -> Iterator[Problem]:
    """Hand-written points against the verdicts, with the nuance the derived ones keep:
    "goed" about an indicator judged only X, or "beter" about one judged only √, is an
    error; "goed" about one judged both √ and X (gemengd) is a warning."""
    judged = oordelen_per_indicator(aanpak.bevindingen)
    for thema_id, conclusie in aanpak.conclusies.items():
        if thema_id not in index.themas:
            yield document.problem(("conclusies", thema_id), f"onbekend thema `{thema_id}`",
                                   index.suggest(thema_id, list(index.themas)), key=True)
            continue
        for kolom, punten in (("goed", conclusie.goed), ("beter", conclusie.beter)):
            for p, punt in enumerate(punten):
                for i, indicator in enumerate(punt.indicatoren):
                    loc = ("conclusies", thema_id, kolom, p, "indicatoren", i)
                    if indicator not in index.plaatsen:
                        yield _unknown(document, loc, indicator, index)
                        continue
                    waarden = {waarde for waarde, _ in judged.get(indicator, ())} - {"geen"}
                    found = _tegenspraak(kolom, indicator, waarden)
                    if found is not None:
                        message, hint, severity = found
                        yield document.problem(loc, message, hint, severity=severity)


def _tegenspraak(kolom: str, indicator: str, waarden: set[OordeelWaarde],
                 ) -> tuple[str, str, Severity] | None:
    """What a point in `kolom` naming `indicator` (judged `waarden`) says against them."""
    kant = "goed" if kolom == "goed" else "kan beter"
    tegendeel = "verbeterpunt" if kolom == "goed" else "voldoet"
    if waarden == {tegendeel}:
        return (f"dit punt onder ‘{kant}’ noemt `{indicator}`, maar die is alleen als "
                f"`{tegendeel}` beoordeeld",
                "verplaats het punt naar de andere kolom of pas het oordeel aan", Severity.ERROR)
    if kolom == "goed" and waarden == {"voldoet", "verbeterpunt"}:
        return (f"dit punt onder ‘goed’ noemt `{indicator}`, maar die is ook als "
                "`verbeterpunt` beoordeeld (gemengd)", "noem het onder ‘kan beter’ en zeg "
                "dat het deels voldoet, of laat de indicator hier weg", Severity.WARNING)
    return None


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
