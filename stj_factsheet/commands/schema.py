"""JSON Schemas generated from the models: the data files, the open-data factsheet and
the JSON of `stj diff`.

`stj schema` writes them into the data root's `schemas/`, where the first line of every
YAML file points (`stj new` writes them there too). This repository's copy, committed
under `schemas/`, ships with the package; a test fails when it differs from the models.
An editor's YAML extension speaks English, so every description is Dutch and says what to
write, and every pattern carries a Dutch `patternErrorMessage`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stj_factsheet.compare import model as diff_model
from stj_factsheet.load import layout
from stj_factsheet.model import kader
from stj_factsheet.model.domain import INDICATOR_ID, Aanpak, Gemeente, Vervolgaanpak
from stj_factsheet.model.typed import PATTERNS
from stj_factsheet.publish.output import write_atomic
from stj_factsheet.render import opendata

FOLDER = "schemas"
"""Where the schemas go in a data root; the YAML files' first line points there."""


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _for_editors(node: Any, ids: dict[str, str]) -> Any:
    """Replace the indicator-id pattern by the kader's ids, so an editor completes them
    and shows each indicator's wording on hover; give every other pattern and every list
    of choices a Dutch error message."""
    if isinstance(node, dict):
        if node.get("pattern") == INDICATOR_ID:
            rest = {k: v for k, v in node.items() if k != "pattern"}
            return {**rest, "enum": list(ids), "markdownEnumDescriptions": list(ids.values()),
                    "errorMessage": "Onbekende indicator: kies een id uit de lijst "
                    "(Ctrl+Spatie toont ze), bijv. `aanpak.beleid`."}
        found = {k: _for_editors(v, ids) for k, v in node.items()}
        if node.get("pattern") in PATTERNS:
            what, hint = PATTERNS[node["pattern"]]
            found["patternErrorMessage"] = f"Dit is geen {what}: {hint}."
        elif "enum" in node and node.get("type") == "string":
            found["errorMessage"] = f"Kies uit: {', '.join(map(str, node['enum']))}."
        return found
    if isinstance(node, list):
        return [_for_editors(v, ids) for v in node]
    return node


def indicator_ids(root: Path) -> dict[str, str]:
    """Id → wording of every indicator of the kaders the data root knows (its own
    `frameworks/` first, then the shipped ones), in kader order."""
    ids: dict[str, str] = {}
    for kader_id in layout.available(root):
        file = layout.find(root, kader_id)
        assert file is not None, "available kaders exist"
        index = kader.load(file, f"frameworks/{file.name}")
        for indicator, plaats in index.plaatsen.items():
            ids.setdefault(indicator, plaats.indicator.tekst)
    return ids


def generated(root: Path) -> dict[str, str]:
    """File name → schema text, with the indicator ids of the kaders of `root`."""
    ids = indicator_ids(root)
    return {
        "factsheet.schema.json": opendata.schema_text(),
        "gemeente.schema.json": _text(_for_editors(Gemeente.model_json_schema(), ids)),
        "aanpak.schema.json": _text(_for_editors(Aanpak.model_json_schema(), ids)),
        "vervolg.schema.json": _text(_for_editors(Vervolgaanpak.model_json_schema(), ids)),
        "diff.schema.json": diff_model.schema_text(),
    }


def write(target: Path, root: Path) -> list[Path]:
    """Write every schema into `target`; returns the files whose content changed."""
    return [target / name for name, text in generated(root).items()
            if write_atomic(target / name, text)]
