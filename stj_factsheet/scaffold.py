"""`stj new`: a gemeente folder to fill in, generated from the kader.

Every indicator gets its own finding, grouped by theme and criterium with the wording as
a comment, and `TODO` wherever an inspector must decide or write: `stj check` reports each
open item with its position until it is filled. Existing files are never overwritten.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from stj_factsheet.errors import UsageError
from stj_factsheet.kader import KaderIndex
from stj_factsheet.layout import GEMEENTE_FILE, MUNICIPALITIES
from stj_factsheet.models import OPEN
from stj_factsheet.output import write_atomic

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{naam}.schema.json\n"


def slug(name: str) -> str:
    """"Den Haag" → "den-haag", "Súdwest-Fryslân" → "sudwest-fryslan"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _yaml_text(value: str) -> str:
    """A name as a YAML scalar that stays text whatever it contains."""
    return "'" + value.replace("'", "''") + "'"


def gemeente_yaml(naam: str, kader_id: str, aanpakken: list[str]) -> str:
    lines = [
        SCHEMA_LINE.format(naam="gemeente"),
        f"naam: {_yaml_text(naam)}\n",
        f"kader: {kader_id}\n",
        f"publicatie: {OPEN}        # maand van publicatie, bijv. \"2013-10\" (met quotes)\n",
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
        "# samen in één bevinding: indicatoren: [a, b]. Meerdere oordelen: zie README.\n",
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
