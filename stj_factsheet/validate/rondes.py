"""Follow-up rounds: load `<gemeente>/<ronde>/<aanpak>.yaml` and check them against the
verbeterpunten still open after the previous round.

A gemeente lists its later rounds under `vervolg` in gemeente.yaml, in order. Round 1 is
the gemeente's own factsheet; each later round judges, per aanpak, every verbeterpunt still
open after the round before it (`rules.open_verbeterpunten`), and may judge new ones when
the finding says `nieuw: true`. Problems are located like every other data error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from stj_factsheet import rules
from stj_factsheet.errors import InvalidData, Problem, Severity
from stj_factsheet.load import layout, source
from stj_factsheet.load.source import Document
from stj_factsheet.model.domain import Bevinding, Gemeente, Vervolgaanpak, Vervolgronde
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.model.typed import to_model
from stj_factsheet.validate.checks import check_bevindingen, unknown_ids
from stj_factsheet.validate.geladen import LoadedAanpak, LoadedGemeente, LoadedRonde, LoadedVervolg


class Kaders(Protocol):
    """Where a round finds its kader: the data root and its loaded kaders (a `Project`)."""

    root: Path

    def kader(self, kader_id: str) -> KaderIndex | InvalidData: ...


@dataclass
class _Spoor:
    """The state of one aanpak as the rounds go by."""

    naam: str
    stand: dict[str, rules.Samenvatting]
    eerder: dict[str, Bevinding]


def load(project: Kaders, folder: Path, rel: str, gemeente: Gemeente, document: Document,
         aanpakken: Sequence[LoadedAanpak], index: KaderIndex | None,
         ) -> tuple[list[LoadedRonde], list[Problem]]:
    """Every follow-up round of a gemeente, and the problems found in them. Without a valid
    first round (`index` None) the files are still checked on their own."""
    if not gemeente.vervolg:
        return [], list(_stray_folders(folder, rel, gemeente))
    sporen = {item.slug: _Spoor(item.aanpak.naam, rules.samenvattingen(item.aanpak, index),
                                {i: b for b in item.aanpak.bevindingen for i in b.indicatoren})
              for item in aanpakken} if index is not None else {}
    problems = list(_stray_folders(folder, rel, gemeente))
    rondes: list[LoadedRonde] = []
    seen = {gemeente.ronde}
    vorige, vorige_publicatie = gemeente.ronde, gemeente.publicatie
    for r, ronde in enumerate(gemeente.vervolg):
        if ronde.publicatie <= vorige_publicatie:
            problems.append(document.problem(
                ("vervolg", r, "publicatie"), f"ronde `{ronde.ronde}` verschijnt niet na de "
                f"ronde ervoor ({vorige_publicatie})",
                "zet de rondes in volgorde van publicatie"))
        vorige_publicatie = max(vorige_publicatie, ronde.publicatie)
        if ronde.ronde not in seen:
            problems += _jaar(document, r, ronde, vorige)
        if ronde.ronde in seen:
            problems.append(document.problem(
                ("vervolg", r, "ronde"), f"de ronde `{ronde.ronde}` bestaat al",
                f"de eerste ronde heet naar het jaar van publicatie ({gemeente.ronde}); geef "
                "elke ronde een eigen naam"))
            continue
        seen.add(ronde.ronde)
        found = _ronde_kader(project, document, r, ronde)
        if isinstance(found, list):
            problems += found
            continue
        map_ = folder / ronde.ronde
        if not map_.is_dir():
            problems.append(document.problem(
                ("vervolg", r, "ronde"), f"map `{rel}/{ronde.ronde}/` bestaat niet",
                "maak de map, met een bestand `<aanpak>.yaml` per aanpak"))
            continue
        loaded, found_problems = _load_ronde(map_, f"{rel}/{ronde.ronde}", gemeente, document,
                                             r, ronde, rules.open_sinds(vorige, not rondes), found,
                                             sporen)
        problems += found_problems
        rondes.append(LoadedRonde(ronde, vorige, found, loaded, vorige_is_eerste=not rondes))
        vorige = ronde.ronde
    return rondes, problems


def _jaar(document: Document, r: int, ronde: Vervolgronde, vorige: str) -> list[Problem]:
    """A round is named after the year it looked again ("In 2015 is nagegaan wat er is
    gedaan met de verbeterpunten uit 2013"): a year after the round it follows up, and not
    after its own publication."""
    loc = ("vervolg", r, "ronde")
    if not re.fullmatch(r"[12][0-9]{3}", ronde.ronde):
        return [document.problem(loc, f"`{ronde.ronde}` is geen jaartal",
                                 "een vervolgronde heet naar het jaar waarin is nagegaan wat "
                                 "er met de verbeterpunten is gedaan, bijv. `2015`; de map "
                                 "heet net zo")]
    if vorige.isdigit() and int(ronde.ronde) <= int(vorige):
        return [document.problem(loc, f"ronde `{ronde.ronde}` komt niet na de ronde ervoor "
                                 f"({vorige}): dan kan ze er niet op terugkijken",
                                 f"geef het jaar van deze ronde, later dan {vorige}")]
    if int(ronde.ronde) > int(ronde.publicatie[:4]):
        return [document.problem(loc, f"ronde `{ronde.ronde}` ligt na haar publicatie "
                                 f"({ronde.publicatie})",
                                 "geef het jaar waarin is nagegaan, uiterlijk het jaar van "
                                 "`publicatie`")]
    return []


def _ronde_kader(project: Kaders, document: Document, r: int,
                 ronde: Vervolgronde) -> KaderIndex | list[Problem]:
    if layout.find(project.root, ronde.kader) is None:
        return [document.problem(("vervolg", r, "kader"),
                                 f"onbekend toetsingskader `{ronde.kader}`",
                                 f"bekend: {', '.join(layout.available(project.root))}")]
    found = project.kader(ronde.kader)
    return found.problems if isinstance(found, InvalidData) else found


def _load_ronde(map_: Path, rel: str, gemeente: Gemeente, document: Document, r: int,
                ronde: Vervolgronde, vorige: str, index: KaderIndex,
                sporen: dict[str, _Spoor]) -> tuple[list[LoadedVervolg], list[Problem]]:
    """`vorige` names where the open verbeterpunten come from (`rules.open_sinds`)."""
    problems: list[Problem] = []
    for file in sorted(map_.glob("*.y*ml")):
        if file.suffix != ".yaml":
            problems.append(Problem(f"{rel}/{file.name}", 1, 1,
                                    f"`{file.name}` wordt niet gelezen",
                                    f"noem het bestand `{file.stem}.yaml`"))
        elif file.stem not in gemeente.aanpakken:
            problems.append(Problem(
                f"{rel}/{file.name}", 1, 1, f"`{file.stem}` is geen aanpak van {gemeente.naam}",
                f"noem het bestand naar een van: {', '.join(gemeente.aanpakken)}"))
    loaded = []
    for slug in dict.fromkeys(gemeente.aanpakken):
        file = map_ / f"{slug}.yaml"
        spoor = sporen.get(slug)
        open_ = rules.open_verbeterpunten(spoor.stand) if spoor else []
        if not file.is_file():
            if open_:
                problems.append(document.problem(
                    ("vervolg", r, "ronde"),
                    f"aanpak `{slug}` heeft nog {len(open_)} open verbeterpunt(en), "
                    f"maar `{rel}/{slug}.yaml` bestaat niet",
                    "maak het bestand, met per verbeterpunt het oordeel van nu"))
            continue
        try:
            doc = source.load(file, f"{rel}/{slug}.yaml")
            vervolg = to_model(Vervolgaanpak, doc, beside=unknown_ids(index))
        except InvalidData as error:
            problems += error.problems
            continue
        found = list(check_bevindingen(vervolg.bevindingen, doc, index))
        missing = [i for i in open_ if i not in index.plaatsen]
        for indicator in missing:
            found.append(document.problem(
                ("vervolg", r, "kader"), f"toetsingskader `{ronde.kader}` kent `{indicator}` "
                f"niet, een open verbeterpunt van aanpak `{slug}`",
                "gebruik het kader van de vorige ronde, of een dat deze indicator kent"))
        if spoor is not None and not missing:
            found += _answers(vervolg, doc, open_, vorige, index)
        problems += found
        if spoor is None or any(p.severity is Severity.ERROR for p in found):
            continue
        loaded.append(LoadedVervolg(slug, spoor.naam, vervolg, doc, dict(spoor.stand),
                                    dict(spoor.eerder)))
        spoor.stand, spoor.eerder = rules.na_ronde(spoor.stand, spoor.eerder, vervolg.bevindingen)
    return loaded, problems


def laatste_stand(loaded: LoadedGemeente,
                  ) -> dict[str, tuple[dict[str, rules.Samenvatting], dict[str, Bevinding]]]:
    """Per aanpak: every indicator's verdict after the last round, and the finding that
    gave it (what a next round must follow up)."""
    result = {item.slug: (rules.samenvattingen(item.aanpak, loaded.kader),
                          {i: b for b in item.aanpak.bevindingen for i in b.indicatoren})
              for item in loaded.aanpakken}
    for ronde in loaded.rondes:
        for item in ronde.aanpakken:
            result[item.slug] = rules.na_ronde(*result[item.slug], item.vervolg.bevindingen)
    return result


def _answers(vervolg: Vervolgaanpak, document: Document, open_: list[str], vorige: str,
             index: KaderIndex) -> Iterator[Problem]:
    """Every open verbeterpunt judged again, once; nothing else judged unless marked new.
    `vorige` names where the open ones come from (`rules.open_sinds`)."""
    seen: set[str] = set()
    for b, bevinding in enumerate(vervolg.bevindingen):
        if bevinding.nieuw and all(o.oordeel == "geen" for o in bevinding.alle_oordelen):
            yield document.problem(
                ("bevindingen", b, "oordeel" if bevinding.oordeel else "oordelen"),
                "een bevinding met `nieuw: true` heeft een oordeel nodig",
                "kies voldoet of verbeterpunt, of haal de bevinding weg")
        for i, indicator in enumerate(bevinding.indicatoren):
            if indicator not in index.plaatsen:
                continue  # reported by check_bevindingen
            loc = ("bevindingen", b, "indicatoren", i)
            if indicator in seen:
                yield document.problem(
                    loc, f"`{indicator}` staat al in een eerdere bevinding van deze ronde",
                    "één bevinding per verbeterpunt; meerdere oordelen met `oordelen`")
            seen.add(indicator)
            if bevinding.nieuw and indicator in open_:
                yield document.problem(
                    ("bevindingen", b, "nieuw"),
                    f"`{indicator}` is een verbeterpunt {vorige}, dus niet nieuw",
                    "haal `nieuw: true` weg, of zet nieuwe indicatoren in een eigen bevinding")
            elif not bevinding.nieuw and indicator not in open_:
                yield document.problem(
                    loc, f"`{indicator}` is geen verbeterpunt {vorige}",
                    "zet `nieuw: true` bij de bevinding als STJ dit nu opnieuw beoordeelt, of "
                    "haal de indicator weg")
    for indicator in open_:
        if indicator not in seen:
            yield document.problem(
                ("bevindingen",), f"verbeterpunt `{indicator}` "
                f"(‘{index.plaatsen[indicator].indicator.tekst}’) {vorige} ontbreekt",
                "voeg een bevinding toe met het oordeel van nu; `oordeel: geen` als het niet "
                "opnieuw is bekeken", key=True)


def shape_problems(folder: Path, rel: str) -> list[Problem]:
    """The problems of every round file on its own, for when gemeente.yaml is broken and
    the rounds are unknown (so one run still reports all it can)."""
    problems: list[Problem] = []
    for file in sorted(folder.glob("*/*.yaml")):
        try:
            to_model(Vervolgaanpak, source.load(file, f"{rel}/{file.parent.name}/{file.name}"))
        except InvalidData as error:
            problems += error.problems
    return problems


def _stray_folders(folder: Path, rel: str, gemeente: Gemeente) -> Iterator[Problem]:
    rondes = {ronde.ronde for ronde in gemeente.vervolg}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if sub.name not in rondes and any(sub.glob("*.y*ml")):
            yield Problem(f"{rel}/gemeente.yaml", 1, 1,
                          f"map `{sub.name}/` staat niet onder `vervolg`",
                          f"voeg `- ronde: \"{sub.name}\"` toe onder `vervolg`, of verwijder "
                          "de map", Severity.WARNING)
