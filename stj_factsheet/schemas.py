"""JSON Schemas generated from the models: the data files and the open-data factsheet.

Committed under `schemas/`; a test fails when they differ from what the models give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stj_factsheet import opendata
from stj_factsheet.models import Aanpak, Gemeente
from stj_factsheet.output import write_atomic

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def generated() -> dict[str, str]:
    """File name → schema text."""
    return {
        "factsheet.schema.json": opendata.schema_text(),
        "gemeente.schema.json": _text(Gemeente.model_json_schema()),
        "aanpak.schema.json": _text(Aanpak.model_json_schema()),
    }


def write(target: Path = SCHEMAS) -> list[Path]:
    """Write every schema into `target`; returns the files whose content changed."""
    return [target / name for name, text in generated().items()
            if write_atomic(target / name, text)]
