"""The editor schemas: written into the data repository, pointed at by every YAML file's
first line, carrying that repository's kaders, and Dutch in every description and message
an editor shows (yaml-language-server itself speaks English)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from stj_factsheet.commands import schema as schemas
from stj_factsheet.model import domain
from tests.helpers import REPO, replace, stj

DATA_SCHEMAS = ("gemeente.schema.json", "aanpak.schema.json", "vervolg.schema.json")
ENGLISH = re.compile(r"\b(the|and|one|of the|which|with|finding|verdict|every|its|from)\b")


def _nodes(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        found.append((path, node))
        for key, value in node.items():
            found += _nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found += _nodes(value, f"{path}/{n}")
    return found


@pytest.mark.parametrize("name", DATA_SCHEMAS)
def test_every_field_and_model_is_described_in_dutch(name: str) -> None:
    schema = json.loads(schemas.generated(REPO)[name])
    described = 0
    for path, node in _nodes(schema):
        if path.endswith("/properties"):
            for field, spec in node.items():
                ref = spec.get("$ref", "").rpartition("/")[2]
                described_there = schema.get("$defs", {}).get(ref, {}).get("description")
                assert spec.get("description") or described_there, f"{name}{path}/{field}"
        if "description" in node:
            described += 1
            assert not ENGLISH.search(node["description"]), (path, node["description"])
    for model, spec in schema.get("$defs", {}).items():
        docstring = (getattr(domain, model).__doc__ or "").strip()
        assert spec["description"] != docstring, f"{model}: the English docstring"
    assert schema["description"] != (domain.Gemeente.__doc__ or "").strip()
    assert described > 5


@pytest.mark.parametrize("name", DATA_SCHEMAS)
def test_every_pattern_and_choice_has_a_dutch_error_message(name: str) -> None:
    schema = json.loads(schemas.generated(REPO)[name])
    for path, node in _nodes(schema):
        if "pattern" in node:
            assert node["patternErrorMessage"].startswith("Dit is geen "), path
        if "enum" in node:
            assert node["errorMessage"].startswith(("Kies uit: ", "Onbekende indicator")), path
    months = [n for _, n in _nodes(schema) if n.get("pattern") == domain.MAAND]
    if name == "gemeente.schema.json":
        assert months[0]["patternErrorMessage"] == (
            'Dit is geen maand in de vorm JJJJ-MM: bijv. "2013-10", met aanhalingstekens.')


def test_schema_writes_into_the_data_root_with_its_own_kaders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kader = (REPO / "frameworks" / "ggsr-2013.yaml").read_text(encoding="utf-8")
    own = tmp_path / "frameworks" / "eigen-2020.yaml"
    own.parent.mkdir()
    own.write_text(kader.replace("toeleiding.zicht-op-populatie", "toeleiding.zicht-op-wijken"),
                   encoding="utf-8")
    replace(own, "id: ggsr-2013", "id: eigen-2020")
    (tmp_path / "municipalities" / "zwolle").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "municipalities" / "zwolle")
    result = stj("schema")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "5 schema's bijgewerkt"
    aanpak = json.loads((tmp_path / "schemas" / "aanpak.schema.json").read_text("utf-8"))
    ids = next(n["enum"] for _, n in _nodes(aanpak) if "enum" in n and len(n["enum"]) > 3)
    assert "toeleiding.zicht-op-wijken" in ids and "toeleiding.zicht-op-populatie" in ids
    assert stj("schema").stdout == "0 schema's bijgewerkt\n", "unchanged: not rewritten"


def test_the_files_of_stj_new_point_at_schemas_it_wrote(tmp_path: Path) -> None:
    made = stj("--root", tmp_path, "new", "Deventer", "--aanpak", "Bemoeizorg Jeugd")
    assert made.exit_code == 0, made.output
    for file in (tmp_path / "municipalities" / "deventer").iterdir():
        first = file.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, first
        target = (file.parent / match.group(1)).resolve()
        assert target.parent == (tmp_path / "schemas").resolve()
        assert json.loads(target.read_text(encoding="utf-8"))["type"] == "object"
    assert yaml.safe_load((tmp_path / "municipalities" / "deventer" / "gemeente.yaml")
                          .read_text(encoding="utf-8"))["naam"] == "Deventer"
