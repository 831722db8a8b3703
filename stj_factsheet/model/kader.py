"""The toetsingskader as data: loaded once per run from `frameworks/<id>.yaml`.

A data repository may carry its own `frameworks/` folder (next to `municipalities/`);
otherwise the frameworks shipped with this tool are used.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from stj_factsheet.errors import InvalidData, Problem
from stj_factsheet.load import source
from stj_factsheet.load.layout import SHIPPED as SHIPPED  # where kaders are found: see layout
from stj_factsheet.load.layout import available as available
from stj_factsheet.load.layout import find as find
from stj_factsheet.load.layout import kader_files as kader_files
from stj_factsheet.model.domain import Conclusiezin, Criterium, Indicator, Kader, Thema, ZinOordeel
from stj_factsheet.model.typed import to_model


@dataclass(frozen=True)
class Plaats:
    """Where an indicator sits in the kader."""

    thema: Thema
    criterium: Criterium
    indicator: Indicator
    volgnummer: int
    """Position of the indicator in the whole kader (0-based), for sorting."""


ZIN_OORDELEN: tuple[ZinOordeel, ...] = ("voldoet", "verbeterpunt", "gemengd")
"""The verdicts a conclusiezin states, in the order the kader writes them."""


class KaderIndex:
    """A validated kader with look-ups by id."""

    def __init__(self, kader: Kader) -> None:
        self.kader = kader

    @cached_property
    def plaatsen(self) -> dict[str, Plaats]:
        found: dict[str, Plaats] = {}
        for thema in self.kader.themas:
            for criterium in thema.criteria:
                for indicator in criterium.indicatoren:
                    found[indicator.id] = Plaats(thema, criterium, indicator, len(found))
        return found

    @cached_property
    def themas(self) -> dict[str, Thema]:
        return {thema.id: thema for thema in self.kader.themas}

    def suggest(self, wrong: str, known: list[str] | None = None) -> str:
        """A "did you mean" hint for an unknown id, or "" when nothing is close."""
        candidates = known if known is not None else list(self.plaatsen)
        close = difflib.get_close_matches(wrong, candidates, n=1, cutoff=0.5)
        return f"bedoelde u `{close[0]}`?" if close else ""


def load(file: Path, display: str) -> KaderIndex:
    """Load and validate one kader file, or raise `InvalidData`."""
    document = source.load(file, display)
    index = KaderIndex(to_model(Kader, document))
    problems = []
    seen: set[str] = set()
    for thema_no, thema in enumerate(index.kader.themas):
        for criterium_no, criterium in enumerate(thema.criteria):
            loc = ("themas", thema_no, "criteria", criterium_no)
            ids = [(criterium.id, (*loc, "id"))] + [
                (indicator.id, (*loc, "indicatoren", n, "id"))
                for n, indicator in enumerate(criterium.indicatoren)]
            for item_id, item_loc in ids:
                if not item_id.startswith(f"{thema.id}."):
                    problems.append(document.problem(
                        item_loc, f"id `{item_id}` hoort te beginnen met `{thema.id}.`"))
                if item_id in seen:
                    problems.append(document.problem(item_loc, f"id `{item_id}` bestaat al"))
                seen.add(item_id)
    problems += _check_conclusiezinnen(index, document)
    if problems:
        raise InvalidData(problems)
    return index


def _check_conclusiezinnen(index: KaderIndex, document: source.Document) -> list[Problem]:
    """Each sentence states its verdict about exactly its entry's indicators, so the rules
    can word any pattern of verdicts: every indicator has an entry of its own with a
    sentence per verdict; a group lies within one theme and is nested in or apart from
    every other group (so one set of entries covers a pattern); no two verdicts share a
    wording (a "deels" sentence is no plain negation); the only placeholder is {gemeente}."""
    problems: list[Problem] = []
    eigen: set[str] = set()
    groepen: list[Conclusiezin] = []
    for z, zin in enumerate(index.kader.conclusiezinnen):
        problems += _zin_indicatoren(index, document, z, zin)
        problems += _zin_teksten(document, z, zin)
        if len(zin.indicatoren) > 1:
            problems += _zin_groep(document, z, zin, groepen)
            groepen.append(zin)
            continue
        indicator = zin.indicatoren[0]
        if indicator in eigen:
            problems.append(document.problem(("conclusiezinnen", z, "indicatoren", 0),
                                             f"`{indicator}` heeft al een eigen conclusiezin"))
        eigen.add(indicator)
        for oordeel in ZIN_OORDELEN:
            if zin.zin(oordeel) is None:
                problems.append(document.problem(
                    ("conclusiezinnen", z), f"de conclusiezin van `{indicator}` heeft geen "
                    f"zin voor `{oordeel}`", "elke indicator heeft een eigen zin voor "
                    "voldoet, verbeterpunt en gemengd", key=True))
    for indicator in index.plaatsen:
        if indicator not in eigen:
            problems.append(document.problem(
                ("conclusiezinnen",), f"indicator `{indicator}` heeft geen eigen "
                "conclusiezin", "voeg een conclusiezin toe met alleen deze indicator",
                key=True))
    return problems


def _zin_indicatoren(index: KaderIndex, document: source.Document, z: int,
                     zin: Conclusiezin) -> Iterator[Problem]:
    themas = set()
    for i, indicator in enumerate(zin.indicatoren):
        loc = ("conclusiezinnen", z, "indicatoren", i)
        if indicator not in index.plaatsen:
            yield document.problem(loc, f"onbekende indicator `{indicator}`",
                                   index.suggest(indicator))
        elif zin.indicatoren.index(indicator) != i:
            yield document.problem(loc, f"`{indicator}` staat twee keer in deze conclusiezin")
        else:
            themas.add(index.plaatsen[indicator].thema.id)
    if len(themas) > 1:
        yield document.problem(("conclusiezinnen", z), "een groep indicatoren hoort bij één "
                               "thema", key=True)


def _zin_groep(document: source.Document, z: int, zin: Conclusiezin,
               groepen: list[Conclusiezin]) -> Iterator[Problem]:
    if all(zin.zin(oordeel) is None for oordeel in ZIN_OORDELEN):
        yield document.problem(("conclusiezinnen", z), "deze groep heeft geen zin voor "
                               "voldoet, verbeterpunt of gemengd", key=True)
    deze = set(zin.indicatoren)
    for eerder in groepen:
        andere = set(eerder.indicatoren)
        naam = f"`{eerder.id}`" if eerder.id else f"[{', '.join(eerder.indicatoren)}]"
        if deze == andere:
            yield document.problem(("conclusiezinnen", z, "indicatoren"),
                                   f"de groep {naam} heeft dezelfde indicatoren",
                                   "voeg de zinnen samen in één groep", key=True)
        elif deze & andere and not (deze < andere or andere < deze):
            yield document.problem(
                ("conclusiezinnen", z, "indicatoren"), f"deze groep overlapt met de groep "
                f"{naam}", "een groep ligt helemaal binnen een andere groep of er helemaal "
                "buiten", key=True)


def _zin_teksten(document: source.Document, z: int, zin: Conclusiezin) -> Iterator[Problem]:
    gezien: dict[str, str] = {}
    for sleutel in (*ZIN_OORDELEN, "belang"):
        tekst = getattr(zin, sleutel)
        if tekst is None:
            continue
        loc = ("conclusiezinnen", z, sleutel, "tekst")
        for placeholder in re.findall(r"\{[^}]*\}", tekst.tekst):
            if placeholder != "{gemeente}":
                yield document.problem(loc, f"onbekende plaatshouder {placeholder}",
                                       "in een conclusiezin bestaat alleen {gemeente}")
        woorden = " ".join(tekst.tekst.split())
        if woorden in gezien:
            yield document.problem(
                loc, f"de zin voor `{sleutel}` is gelijk aan die voor `{gezien[woorden]}`",
                "elke zin zegt precies één oordeel; schrijf voor gemengd een ‘deels’-zin")
        gezien.setdefault(woorden, sleutel)
