"""`stj new`: a gemeente folder to fill in, generated from the kader; `stj vervolg`: the
files of a follow-up round, one finding per open verbeterpunt as published (one per X).

Every indicator gets its own finding, grouped by theme and criterium with the wording as
a comment, and `TODO` wherever an inspector must decide or write: `stj check` reports each
open item with its position until it is filled. Existing files are never overwritten.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from stj_factsheet import rules
from stj_factsheet.commands.schema import FOLDER
from stj_factsheet.errors import InvalidData, UsageError
from stj_factsheet.load.layout import GEMEENTE_FILE, MUNICIPALITIES, SLUG, slug
from stj_factsheet.model.domain import OPEN, Bevinding
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.publish.output import write_atomic
from stj_factsheet.validate import rondes
from stj_factsheet.validate.geladen import LoadedGemeente
from stj_factsheet.validate.project import Project

SCHEMA_LINE = f"# yaml-language-server: $schema=../../{FOLDER}/{{naam}}.schema.json\n"
"""The editor's schema, in the data root's `schemas/` (`stj new` and `stj schema` write it)."""


def _yaml_text(value: str) -> str:
    """A name as a YAML scalar that stays text whatever it contains."""
    return "'" + value.replace("'", "''") + "'"


def gemeente_yaml(naam: str, kader_id: str, aanpakken: list[str]) -> str:
    lines = [
        SCHEMA_LINE.format(naam="gemeente"),
        f"naam: {_yaml_text(naam)}\n",
        f"kader: {kader_id}\n",
        f"publicatie: {OPEN}        # maand van publicatie, bijv. \"2013-10\""
        " (met aanhalingstekens)\n",
        f"inwoners: {OPEN}          # geheel getal, bijv. 120000\n",
        "huishoudens_met_kind:\n",
        f"  aantal: {OPEN}          # meerpersoonshuishoudens met kind volgens het CBS\n",
        f"  peildatum: {OPEN}       # maand van de CBS-gegevens, bijv. \"2012-01\"\n",
        "context: |-\n",
        f"  {OPEN}\n",
        "aanpakken:\n",
        *(f"  - {slug(a)}\n" for a in aanpakken),
    ]
    return "".join(lines)


def aanpak_yaml(naam: str, index: KaderIndex) -> str:
    lines = [
        SCHEMA_LINE.format(naam="aanpak"),
        f"naam: {_yaml_text(naam)}\n",
        "netwerkpartners:           # wie de beperktere vragenlijst invulde\n",
        f"  - {OPEN}\n",
        f"aantal_gezinnen: {OPEN}   # geheel getal\n",
        "beschrijving: |-\n",
        f"  {OPEN}\n",
        "# Eén bevinding per indicator. Indicatoren van één criterium met één tekst mogen\n",
        "# samen in één bevinding: indicatoren: [a, b]. Meerdere oordelen: handleiding, taak 3.\n",
        "bevindingen:\n",
    ]
    for thema in index.kader.themas:
        lines.append(f"\n  # ==== {thema.naam} ====\n")
        for criterium in thema.criteria:
            lines.append(f"  # --- {criterium.naam} ---\n")
            for indicator in criterium.indicatoren:
                lines += [
                    f"  # {indicator.tekst}\n",
                    f"  - indicatoren: [{indicator.id}]\n",
                    f"    oordeel: {OPEN}          # voldoet | verbeterpunt | geen\n",
                    "    tekst: >-\n",
                    f"      {OPEN}\n",
                ]
    lines += [
        "\n# Conclusies per thema (Wat gaat goed? / Wat kan beter?). Een thema dat hier\n",
        "# ontbreekt krijgt de conclusie die uit de oordelen wordt afgeleid; vergelijk met\n",
        "# `stj build <gemeente> --afgeleid`. Voorbeeld:\n",
        "#   toeleiding:\n",
        "#     goed:\n",
        "#       - tekst: ...\n",
        "#         indicatoren: [toeleiding.aanmelden-bekend]\n",
        "#     beter: []\n",
        "conclusies: {}\n",
    ]
    return "".join(lines)


def new(root: Path, naam: str, aanpakken: list[str], index: KaderIndex) -> list[Path]:
    """Write the scaffold for gemeente `naam`; returns the files written. Refuses (and
    writes nothing) when the folder or any of the files already exists."""
    gemeente_slug = slug(naam)
    if not gemeente_slug:
        raise UsageError(f"`{naam}` geeft geen bruikbare mapnaam")
    aanpakken = aanpakken or ["aanpak"]
    slugs = [slug(a) for a in aanpakken]
    if not all(slugs) or len(set(slugs)) != len(slugs) or GEMEENTE_FILE[:-5] in slugs:
        raise UsageError("geef elke aanpak een eigen naam (bijv. --aanpak 'Bemoeizorg Jeugd')")
    folder = root / MUNICIPALITIES / gemeente_slug
    files = {folder / GEMEENTE_FILE: gemeente_yaml(naam, index.kader.id, aanpakken)}
    files.update({folder / f"{s}.yaml": aanpak_yaml(a, index) for s, a in zip(slugs, aanpakken,
                                                                                strict=True)})
    existing = [path for path in files if path.exists()]
    if existing:
        raise UsageError(f"{existing[0]} bestaat al; stj new overschrijft niets")
    for path, text in files.items():
        write_atomic(path, text)
    return list(files)


# --- a follow-up round -------------------------------------------------------------------


def _comment(text: str, indent: str) -> list[str]:
    """Text as YAML comment lines (the earlier finding, for reference)."""
    return [f"{indent}#   {line}\n" for line in textwrap.wrap(" ".join(text.split()), 84)]


def vervolg_yaml(ronde: str, vorige: str, punten: list[list[str]], stand: dict[str, str],
                 eerder: dict[str, Bevinding], index: KaderIndex) -> str:
    """One finding per verbeterpunt still open after `vorige` (`rondes.verbeterpunten`:
    a shared X over several indicators is one), with the wording and the earlier verdict
    and texts as comments, and `TODO` for the verdict and text of now."""
    lines = [
        SCHEMA_LINE.replace("../../", "../../../").format(naam="vervolg"),
        f"# Vervolgronde {ronde}: per verbeterpunt uit {vorige} het oordeel van nu, met de\n",
        "# oordelen van het toetsingskader (voldoet | verbeterpunt | geen). De voortgang\n",
        "# (opgepakt, deels, niet) volgt daaruit. Een indicator die eerder geen verbeterpunt\n",
        "# was en nu wel wordt beoordeeld: een eigen bevinding met `nieuw: true`.\n",
        "toelichting: >-\n",
        f"  {OPEN}\n",
        "bevindingen:\n",
    ]
    for punt in punten:
        thema = index.plaatsen[punt[0]].thema.naam
        if len(punt) == 1:
            lines.append(f"\n  # {thema} · {index.plaatsen[punt[0]].indicator.tekst}\n")
            lines.append(f"  # In {vorige}: {stand[punt[0]]}\n")
        else:
            lines.append(f"\n  # {thema} · één verbeterpunt over {len(punt)} indicatoren:\n")
            lines += [f"  #   {index.plaatsen[i].indicator.tekst} (in {vorige}: {stand[i]})\n"
                      for i in punt]
            lines.append(f"  # In {vorige}:\n")
        earlier = eerder.get(punt[0])
        if earlier is not None:
            for tekst in [earlier.tekst, *(o.tekst for o in earlier.alle_oordelen
                                           if set(o.indicatoren or punt) & set(punt))]:
                if tekst:
                    lines += _comment(tekst, "  ")
        if len(punt) > 1:
            lines.append("  # Verschilt het oordeel nu per indicator? Geef dan `oordelen`, elk "
                         "met zijn `indicatoren`.\n")
        lines += [
            *_indicatoren(punt),
            f"    oordeel: {OPEN}          # voldoet | verbeterpunt | geen\n",
            "    tekst: >-\n",
            f"      {OPEN}\n",
        ]
    return "".join(lines)


def _indicatoren(ids: list[str]) -> list[str]:
    """`  - indicatoren: [a, b, …]`, wrapped like the hand-written files."""
    wrapped = textwrap.wrap(", ".join(ids), 72, break_on_hyphens=False,
                            break_long_words=False)
    lines = [f"  - indicatoren: [{wrapped[0]}", *(f"      {line}" for line in wrapped[1:])]
    lines[-1] += "]"
    return [f"{line}\n" for line in lines]


def vervolg(root: Path, loaded: LoadedGemeente, ronde: str, index: KaderIndex) -> list[Path]:
    """Write `<gemeente>/<ronde>/<aanpak>.yaml` for every aanpak with open verbeterpunten
    and add the round to gemeente.yaml. Refuses (writing nothing) when the round exists."""
    gemeente = loaded.gemeente
    if not re.fullmatch(SLUG, ronde):
        raise UsageError(f"`{ronde}` is geen geldige rondenaam: gebruik bijv. 2015")
    known = [gemeente.ronde, *(r.ronde.ronde for r in loaded.rondes)]
    folder = root / MUNICIPALITIES / loaded.slug
    if ronde in known or (folder / ronde).exists():
        raise UsageError(f"ronde `{ronde}` bestaat al bij {gemeente.naam}")
    vorige = known[-1]
    states = rondes.laatste_stand(loaded)
    files = {}
    for slug_, (stand, eerder) in states.items():
        open_ = rules.open_verbeterpunten(stand)
        unknown = [i for i in open_ if i not in index.plaatsen]
        if unknown:
            raise UsageError(f"toetsingskader `{index.kader.id}` kent `{unknown[0]}` niet, een "
                             f"open verbeterpunt van aanpak `{slug_}`; kies een ander --kader")
        if open_:
            files[folder / ronde / f"{slug_}.yaml"] = vervolg_yaml(
                ronde, vorige, rules.verbeterpunten(open_, eerder), dict(stand), eerder,
                index)
    if not files:
        raise UsageError(f"{gemeente.naam} heeft na {vorige} geen open verbeterpunten")
    gemeente_file = folder / GEMEENTE_FILE
    text = gemeente_file.read_text(encoding="utf-8")
    entry = (f'  - ronde: "{ronde}"\n    kader: {index.kader.id}\n'
             f"    publicatie: {OPEN}    # maand van publicatie, bijv. \"{ronde}-10\"\n")
    if gemeente.vervolg and not re.search(r"^vervolg:[^\n]*\n(?:(?:[ #][^\n]*)?\n)*\Z",
                                          text if text.endswith("\n") else text + "\n",
                                          flags=re.M):
        raise UsageError(f"voeg de ronde zelf toe onder `vervolg` in {gemeente_file}:\n{entry}")
    text = text if text.endswith("\n") else text + "\n"
    write_atomic(gemeente_file, text + ("" if gemeente.vervolg else "vervolg:\n") + entry)
    for path, content in files.items():
        write_atomic(path, content)
    return [gemeente_file, *files]


def new_gemeente(root: Path, naam: str, aanpakken: list[str], kader_id: str) -> list[Path]:
    """`stj new`: the files of a new gemeente from the kader `kader_id` (see `new`)."""
    return new(root, naam, aanpakken, Project(root).require_kader(kader_id))


def new_ronde(root: Path, gemeente: str, ronde: str,
              kader_id: str | None = None) -> tuple[str, list[Path]]:
    """`stj vervolg`: the files of follow-up round `ronde` of a gemeente without errors,
    judged with `kader_id` (by default the kader of its last round); its slug and the
    files written."""
    project = Project(root)
    slug = project.resolve([gemeente])[0]
    loaded, problems = project.load(slug)
    if loaded is None:
        raise InvalidData(problems)
    kader_id = kader_id or (loaded.rondes[-1].ronde.kader if loaded.rondes
                            else loaded.gemeente.kader)
    return slug, vervolg(root, loaded, ronde, project.require_kader(kader_id))
