"""JSON Schemas generated from the models: the data files and the open-data factsheet.

Committed under `schemas/`; a test fails when they differ from what the models give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stj_factsheet.load import layout
from stj_factsheet.model import kader
from stj_factsheet.model.domain import INDICATOR_ID, Aanpak, Gemeente, Vervolgaanpak
from stj_factsheet.publish.output import write_atomic
from stj_factsheet.render import opendata

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _with_indicator_ids(node: Any, ids: dict[str, str]) -> Any:
    """Replace the indicator-id pattern by the kader's ids, so an editor completes them
    and shows each indicator's wording on hover."""
    if isinstance(node, dict):
        if node.get("pattern") == INDICATOR_ID:
            rest = {k: v for k, v in node.items() if k != "pattern"}
            return {**rest, "enum": list(ids), "markdownEnumDescriptions": list(ids.values())}
        return {k: _with_indicator_ids(v, ids) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_indicator_ids(v, ids) for v in node]
    return node


def generated() -> dict[str, str]:
    """File name → schema text. Indicator ids come from the shipped kader ggsr-2013."""
    index = kader.load(layout.SHIPPED / "ggsr-2013.yaml", "frameworks/ggsr-2013.yaml")
    ids = {i: p.indicator.tekst for i, p in index.plaatsen.items()}
    return {
        "factsheet.schema.json": opendata.schema_text(),
        "gemeente.schema.json": _text(Gemeente.model_json_schema()),
        "aanpak.schema.json": _text(_with_indicator_ids(Aanpak.model_json_schema(), ids)),
        "vervolg.schema.json": _text(_with_indicator_ids(Vervolgaanpak.model_json_schema(),
                                                         ids)),
    }


def write(target: Path = SCHEMAS) -> list[Path]:
    """Write every schema into `target`; returns the files whose content changed."""
    return [target / name for name, text in generated().items()
            if write_atomic(target / name, text)]
